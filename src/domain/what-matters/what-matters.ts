import type { Db, WhatMattersCategory, WhatMattersItem } from '../../db/client';

// A person's "what matters" list, numbered 1.. in the order they told us, as the bot shows it.
// Numbers are positions, not ids, so "remove 2" always means the second item the person saw.

export function listWhatMatters(db: Db, personId: string): Promise<WhatMattersItem[]> {
  return db.whatMattersItem.findMany({ where: { personId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

export function addWhatMatters(
  db: Db,
  options: { personId: string; category: WhatMattersCategory; text: string; source?: 'person' | 'coach' },
): Promise<WhatMattersItem> {
  return db.whatMattersItem.create({
    data: { personId: options.personId, category: options.category, text: options.text.trim().slice(0, 500), source: options.source ?? 'person' },
  });
}

/** Returns the changed item, or null when there is no item with that number. */
export async function changeWhatMatters(
  db: Db,
  options: { personId: string; number: number; text: string; category?: WhatMattersCategory },
): Promise<WhatMattersItem | null> {
  const item = (await listWhatMatters(db, options.personId))[options.number - 1];
  if (!item) return null;
  return db.whatMattersItem.update({
    where: { id: item.id },
    data: { text: options.text.trim().slice(0, 500), ...(options.category ? { category: options.category } : {}) },
  });
}

/** Returns the removed item, or null when there is no item with that number. */
export async function removeWhatMatters(db: Db, options: { personId: string; number: number }): Promise<WhatMattersItem | null> {
  const item = (await listWhatMatters(db, options.personId))[options.number - 1];
  if (!item) return null;
  await db.whatMattersItem.delete({ where: { id: item.id } });
  return item;
}
