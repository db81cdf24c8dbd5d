// Building DOM nodes without innerHTML (no markup from data ever reaches the
// page as HTML): el('td', {class: 'num', text: '12'}, child, ...).
export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  kids.forEach((k) => k && e.append(k));
  return e;
}
