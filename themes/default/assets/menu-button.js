// On narrow screens a menu (the customer's main menu, the back office's) folds behind its button:
// the CSS hides the list while the button says it is collapsed. Without this script the button
// stays hidden and the links stay as they are.
for (const button of document.querySelectorAll('nav .nav-toggle')) {
  const nav = button.closest('nav');
  const setOpen = (open) => button.setAttribute('aria-expanded', String(open));
  button.hidden = false;
  nav.classList.add('has-toggle');
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  nav.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
    setOpen(false);
    button.focus();
  });
}
