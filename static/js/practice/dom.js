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
