// Keyboard shortcuts of the back-office queues (j/k next and previous, o open, r reply, a assign
// to me, ? this help). A page opts in by marking its list `data-key-list` and each row
// `data-key-row` with `data-key-open`, `data-key-reply` and `data-key-assign`; a key typed in a
// field, or with Ctrl/Alt/Cmd, is left to the browser. The selected row's `data-key-focus` link
// (else its first link) takes the focus, so screen readers announce it and Enter opens it as any link.
(() => {
  const typing = (el) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  // A link to a field (`…#reply-message`) lands with the cursor in it.
  if (location.hash.length > 1) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (typing(target)) target.focus();
  }

  const list = document.querySelector('[data-key-list]');
  const dialog = document.getElementById('staff-keys');
  if (!list) return;
  const rows = [...list.querySelectorAll('[data-key-row]')];
  let current = -1;

  const select = (index) => {
    if (rows.length === 0) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle('is-key-selected', i === current));
    const row = rows[current];
    row.scrollIntoView({ block: 'nearest' });
    // A row without a link (an audit entry) takes the focus itself, so it is still announced.
    const link = row.querySelector('a[data-key-focus]') ?? row.querySelector('a[href]');
    if (!link && !row.hasAttribute('tabindex')) row.tabIndex = -1;
    (link ?? row).focus();
  };

  const fromFocus = () => {
    const i = rows.findIndex((row) => row.contains(document.activeElement));
    if (i >= 0) current = i;
    return current;
  };

  const openHelp = () => {
    if (dialog && !dialog.open) dialog.showModal();
  };
  document.querySelectorAll('[data-key-help]').forEach((b) => b.addEventListener('click', openHelp));
  dialog?.querySelector('[data-key-close]')?.addEventListener('click', () => dialog.close());

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (dialog?.open) return;
    const row = rows[fromFocus()];
    switch (event.key) {
      case 'j':
        select(current + 1);
        break;
      case 'k':
        select(current < 0 ? 0 : current - 1);
        break;
      case 'o':
        if (!row?.dataset.keyOpen) return;
        location.assign(row.dataset.keyOpen);
        break;
      case 'r':
        if (!row?.dataset.keyReply) return;
        location.assign(row.dataset.keyReply);
        break;
      case 'a': {
        const form = document.querySelector('form[data-key-assign-form]');
        if (!row?.dataset.keyAssign || !form) return;
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = form.dataset.keyField;
        input.value = row.dataset.keyAssign;
        form.append(input);
        form.submit();
        break;
      }
      case '?':
        openHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
