import type { Page } from '@playwright/test';

export interface Snapshot {
  runs: {
    id: string;
    name: string;
    status: string;
    error?: string;
    errorCode?: string;
    progress: { attempts: number; kept: number };
  }[];
  questions: {
    id: string;
    runId: string;
    index: number;
    text: string;
    status: string;
    chosenSolutionId: string | null;
    solvePrompt?: string;
  }[];
  solutions: { id: string; questionId: string }[];
  events: { runId: string; kind: string; message: string }[];
}

/** The studio's IndexedDB as raw rows (no app code involved). */
export function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('scalequest-studio');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(new Error(String(open.error)));
    });
    const all = (table: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(table).objectStore(table).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(String(request.error)));
      });
    const [runs, questions, solutions, events] = await Promise.all(
      ['runs', 'questions', 'solutions', 'runEvents'].map(all),
    );
    db.close();
    return { runs, questions, solutions, events } as Snapshot;
  });
}
