import { SourceText } from '../common/source';
import type { PropertiesFile } from './ast';

export function parseProperties(text: string): PropertiesFile {
  const source = new SourceText(text);
  return { source, entries: [], byKey: new Map(), comments: [], errors: [] };
}
