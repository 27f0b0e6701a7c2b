// Texts of replication between the PCs of one vault (English).

export const replicaEn = {
  'error.replica_server_down':
    'The storage server for replication cannot be reached; nothing is lost, the next round catches up.',
  'error.replica_credentials':
    'The storage server refused the access key or secret; check them with whoever runs the server.',
  'error.replica_bucket_missing':
    'The bucket does not exist on the storage server; check the bucket address.',
  'error.replica_bucket_url':
    'The bucket address is not valid; it looks like https://server:9000/bucket.',
  'error.replica_not_configured':
    'No bucket is set for this vault: give the bucket address, access key and secret.',
  'error.replica_object_refused':
    'A change in the bucket was refused (damaged, copied or not signed by an active user); it was not applied.',
  'error.replica_keyring_fork':
    'Two administrators changed the same user, or both withdrew access, at the same time on different PCs; this PC’s change was not shared and replication stops here. Make the change again on another PC and link this PC anew (Bestaande kluis koppelen).',
  'error.replica_join_refused':
    'Joining was refused: the join code is wrong or the bucket does not hold this vault.',
  'logbook.action.replicate.push': 'Changes sent to other PCs',
  'logbook.action.replicate.pull': 'Changes received from other PCs',
  'logbook.action.device.invite': 'Join code for a new PC made',
  'logbook.action.device.join': 'This PC joined the vault',
};
