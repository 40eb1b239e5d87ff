import { collectBlob, type ExportFile } from './exportFormats';

/** The part of the File System Access API used here (not in TypeScript's DOM lib yet). */
interface SaveFilePicker {
  showSaveFilePicker(options: { suggestedName: string }): Promise<{
    createWritable(): Promise<{
      write(data: BlobPart): Promise<void>;
      close(): Promise<void>;
      abort(): Promise<void>;
    }>;
  }>;
}

export function canPickSaveFile(): boolean {
  return typeof (globalThis as Partial<SaveFilePicker>).showSaveFilePicker === 'function';
}

/**
 * Writes chunk by chunk into a file the person picks (nothing is held in memory), or, without
 * the File System Access API, downloads a Blob built from the chunks. Resolves false when the
 * person cancelled the picker.
 */
export async function saveExportFile(file: ExportFile, pickFile: boolean): Promise<boolean> {
  if (pickFile && canPickSaveFile()) {
    let handle;
    try {
      handle = await (globalThis as unknown as SaveFilePicker).showSaveFilePicker({
        suggestedName: file.name,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return false;
      throw error;
    }
    const writable = await handle.createWritable();
    try {
      for await (const chunk of file.chunks) await writable.write(chunk as BlobPart);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => {});
      throw error;
    }
    return true;
  }
  download(await collectBlob(file), file.name);
  return true;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
