/**
 * What the studio says when browser storage is full: what is full, that nothing was
 * half-written, and what to delete. One wording for runs, new runs and imports.
 */
export const FREE_SPACE_HINT =
  'Free space by deleting runs you no longer need (Runs → Delete) or downloaded models (Models → Delete)';

export const QUOTA_MESSAGE = `Browser storage for the studio is full, so the run paused (everything stored so far is intact). ${FREE_SPACE_HINT}, then press Resume.`;

export const FULL_START_MESSAGE = `Browser storage for the studio is full, so the run could not start. ${FREE_SPACE_HINT}; Start works again as soon as there is room.`;

export const FULL_IMPORT_MESSAGE = `Nothing was stored: browser storage for the studio is full. ${FREE_SPACE_HINT}; Import works again as soon as there is room.`;
