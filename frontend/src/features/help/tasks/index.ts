import type { HelpTask } from '../types';
import { importTask } from './import';
import { requestTask } from './request';
import { approveTask } from './approve';
import { shareTask } from './share';
import { sickTask } from './sick';
import { revokeTask } from './revoke';
import { backupTask } from './backup';
import { arboTask } from './arbo';

/** The "Help mij" tasks in the order the dialog lists them. */
export const HELP_TASKS: readonly HelpTask[] = [importTask, requestTask, approveTask, shareTask, sickTask, revokeTask, backupTask, arboTask];
