// Asking before something the person will be told about.

import { byId } from './dom.js';

/** The native modal dialog: focus stays inside it, Escape cancels, focus returns afterwards. */
export function confirmFirst({ title, text, yes }) {
  const dialog = byId('confirm-dialog');
  const returnTo = document.activeElement;
  byId('confirm-title').textContent = title;
  byId('confirm-text').textContent = text;
  byId('confirm-yes').textContent = yes;
  return new Promise((resolve) => {
    const finish = (answer) => {
      byId('confirm-yes').removeEventListener('click', onYes);
      byId('confirm-no').removeEventListener('click', onNo);
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      returnTo?.focus?.();
      resolve(answer);
    };
    const onYes = () => finish(true);
    const onNo = () => finish(false);
    const onClose = () => finish(false);
    byId('confirm-yes').addEventListener('click', onYes);
    byId('confirm-no').addEventListener('click', onNo);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    byId('confirm-no').focus();
  });
}
