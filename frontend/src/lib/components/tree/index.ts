export { default as TreeView } from './TreeView.svelte';
export { default as TreeItem } from './TreeItem.svelte';
export { TreeState, type TreeStateOptions } from './tree.svelte';
export type * from './types';
