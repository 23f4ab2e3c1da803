// "Copy share link" in the story form: copies the signed preview address next to the button.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copyTarget);
  input.select();
  const done = () => { button.textContent = "Copied"; };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(input.value).then(done);
  } else if (document.execCommand("copy")) {  // plain-http admin: the Clipboard API is not available there
    done();
  }
});
