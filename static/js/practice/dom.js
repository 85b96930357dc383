/** Small element factory: text goes through textContent, so step content is never parsed as HTML. */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'hidden') node.hidden = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** A clone of `node` that can live beside the original: no ids, nothing labelled by an id. */
export function cloneWithoutIds(node) {
  const copy = node.cloneNode(true);
  for (const item of [copy, ...copy.querySelectorAll('[id], [aria-labelledby], [aria-describedby]')]) {
    item.removeAttribute('id');
    item.removeAttribute('aria-labelledby');
    item.removeAttribute('aria-describedby');
  }
  return copy;
}
