// "Add another" rows without a round trip (templates/escalation/officer/_rows.html): the
// button copies the empty row kept in a <template> and counts it in the formset's TOTAL_FORMS.
// Without JavaScript the same button posts the form, and the page comes back with everything
// typed and one more row.
for (const button of document.querySelectorAll("[data-add-another]")) {
  const prefix = button.dataset.addAnother;
  const template = document.getElementById(`${prefix}-empty`);
  const rows = document.getElementById(`${prefix}-rows`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const max = Number(document.getElementById(`id_${prefix}-MAX_NUM_FORMS`).value);
  button.addEventListener("click", (event) => {
    const index = Number(total.value);
    if (index >= max) return; // the server says why
    event.preventDefault();
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__num__", String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    if (index + 1 >= max) button.hidden = true;
    rows.lastElementChild.querySelector("input, select, textarea").focus();
  });
}
