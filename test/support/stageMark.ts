/** The element a screen marks with `data-stage` for one pipeline stage, under `root`. */
export function stageMark(root: ParentNode, stage: string): Element {
  const found = root.querySelector(`[data-stage="${stage}"]`);
  if (!found) throw new Error(`no element marked data-stage="${stage}"`);
  return found;
}
