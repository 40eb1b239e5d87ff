/** What the New run form says when nothing can serve a run (one sentence, said once). */
export const NO_MODEL =
  'Choose where the models run: add a server under Settings or load a local model under Models.';
