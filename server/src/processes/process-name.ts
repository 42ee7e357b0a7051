const MAX_NAME = 200;

/** The file name without directories and without a .bpmn/.xml extension, or null. */
export function baseFileName(fileName: string | null | undefined): string | null {
  if (!fileName) return null;
  const base = fileName.split(/[\\/]/).pop()!.replace(/\.(bpmn2?|xml)$/i, '').trim();
  return base === '' ? null : base;
}

/**
 * A new process's name: the model's (process, else definitions), else the file name, else a
 * dated "Prozess …" — never empty, never longer than the column allows.
 */
export function processName(modelName: string | null, fileName: string | null | undefined, now = new Date()): string {
  const candidates = [modelName, baseFileName(fileName)];
  for (const candidate of candidates) {
    const clean = candidate?.replace(/\s+/g, ' ').trim();
    if (clean) return clean.length > MAX_NAME ? clean.slice(0, MAX_NAME - 1).trimEnd() + '…' : clean;
  }
  return `Prozess vom ${now.toISOString().slice(0, 10)}`;
}

/** The name a downloaded model is saved under: the uploaded file's, else the process's. */
export function bpmnFileStem(version: { fileName: string | null; name: string }): string {
  return baseFileName(version.fileName) ?? version.name;
}
