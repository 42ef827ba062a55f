// On narrow screens the main menu folds behind its button (the CSS hides the list while the
// button says it is collapsed). Without this script the button stays hidden and the links wrap.
for (const nav of document.querySelectorAll('.site-nav')) {
  const button = nav.querySelector('.nav-toggle');
  if (!button) continue;
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
