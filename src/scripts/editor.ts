// The post editor, enhanced when JavaScript runs (without it, every part works
// as plain form posts): a Markdown toolbar, an image uploaded and inserted where
// the cursor is, a live preview beside the text rendered by the server (the one
// Markdown module), and autosave of the text as a revision every half minute.
import { actions } from 'astro:actions';

const PREVIEW_DELAY_MS = 500;
const AUTOSAVE_EVERY_MS = 30_000;

type Edit = (selected: string) => { text: string; caret?: number };

/** Wraps the selection (or a placeholder) in `mark`…`mark`. */
const wrap =
  (mark: string, placeholder: string): Edit =>
  (selected) => {
    const inner = selected || placeholder;
    return { text: `${mark}${inner}${mark}` };
  };

/** Puts `prefix` before every line of the selection (or of a placeholder line). */
const prefixLines =
  (prefix: string, placeholder: string): Edit =>
  (selected) => ({
    text: (selected || placeholder)
      .split('\n')
      .map((line) => `${prefix}${line}`)
      .join('\n'),
  });

const TOOLS: { label: string; text: string; edit: Edit }[] = [
  { label: 'Bold', text: 'B', edit: wrap('**', 'bold words') },
  { label: 'Italic', text: 'I', edit: wrap('_', 'italic words') },
  { label: 'Heading', text: 'H', edit: prefixLines('## ', 'A heading') },
  {
    label: 'Link',
    text: 'Link',
    edit: (selected) => ({ text: `[${selected || 'link text'}](https://)`, caret: -1 }),
  },
  { label: 'List', text: '• List', edit: prefixLines('- ', 'an item') },
  { label: 'Quote', text: '“ Quote', edit: prefixLines('> ', 'quoted words') },
];

/** Replaces the selection with `text`, keeps the undo history where the browser can, and fires `input`. */
function replaceSelection(body: HTMLTextAreaElement, text: string, caretFromEnd = 0): void {
  body.focus();
  const { selectionStart, selectionEnd } = body;
  body.setRangeText(text, selectionStart, selectionEnd, 'end');
  if (caretFromEnd) body.setSelectionRange(body.selectionEnd + caretFromEnd, body.selectionEnd + caretFromEnd);
  body.dispatchEvent(new Event('input', { bubbles: true }));
}

function button(label: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'secondary editor-tool';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

function addToolbar(form: HTMLFormElement, body: HTMLTextAreaElement, status: HTMLElement): void {
  const bar = document.createElement('div');
  bar.className = 'editor-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Formatting');
  bar.setAttribute('aria-controls', body.id);
  for (const tool of TOOLS) {
    bar.append(
      button(tool.label, tool.text, () => {
        const selected = body.value.slice(body.selectionStart, body.selectionEnd);
        const { text, caret } = tool.edit(selected);
        replaceSelection(body, text, caret ?? 0);
      }),
    );
  }
  const file = document.createElement('input');
  file.type = 'file';
  file.accept = 'image/*';
  file.hidden = true;
  file.addEventListener('change', () => void uploadImage(form, body, file, status));
  bar.append(
    button('Image: upload and insert here', 'Image…', () => file.click()),
    file,
  );
  body.before(bar);
}

/** Uploads through the editor's "Upload and insert" action and puts the reference at the cursor. */
async function uploadImage(
  form: HTMLFormElement,
  body: HTMLTextAreaElement,
  file: HTMLInputElement,
  status: HTMLElement,
): Promise<void> {
  const chosen = file.files?.[0];
  file.value = '';
  if (!chosen) return;
  const alt = window.prompt('Describe the image for people who cannot see it (alt text):', '');
  if (alt === null) return;
  const data = new FormData(form);
  data.set('file', chosen);
  data.set('alt', alt);
  if (!alt.trim()) data.set('decorative', 'on');
  status.textContent = 'Uploading the image…';
  const { data: result, error } = await actions.media.insertIntoPost(data);
  if (error || !result) {
    status.textContent = `The image was not uploaded: ${error?.message ?? 'please try again'}.`;
    return;
  }
  replaceSelection(body, `\n${result.inserted}\n`);
  status.textContent = 'Image uploaded and inserted. Save or publish to keep it.';
}

function addLivePreview(body: HTMLTextAreaElement): void {
  const panel = document.createElement('section');
  panel.className = 'editor-live-preview post';
  panel.setAttribute('aria-label', 'Live preview');
  const heading = document.createElement('h2');
  heading.className = 'preview-label';
  heading.textContent = 'Live preview';
  const content = document.createElement('div');
  content.className = 'post-body';
  panel.append(heading, content);
  // The text and its preview side by side where the screen is wide enough (the form's CSS).
  const field = body.closest('.field') ?? body;
  const split = document.createElement('div');
  split.className = 'editor-split';
  field.before(split);
  split.append(field, panel);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const render = async () => {
    const ticket = ++asked;
    const data = new FormData();
    data.set('body', body.value);
    const { data: result } = await actions.posts.preview(data);
    // Sanitized by the server's Markdown module, as the saved post will be.
    if (result && ticket === asked) content.innerHTML = result.html;
  };
  body.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void render(), PREVIEW_DELAY_MS);
  });
  void render();
}

function addAutosave(form: HTMLFormElement, postId: string, status: HTMLElement): void {
  const fieldsNow = () => {
    const data = new FormData(form);
    return {
      title: String(data.get('title') ?? ''),
      body: String(data.get('body') ?? ''),
      excerpt: String(data.get('excerpt') ?? ''),
    };
  };
  let last = JSON.stringify(fieldsNow());
  setInterval(async () => {
    const now = fieldsNow();
    const current = JSON.stringify(now);
    if (current === last) return;
    const data = new FormData();
    data.set('id', postId);
    data.set('title', now.title);
    data.set('body', now.body);
    data.set('excerpt', now.excerpt);
    const { error } = await actions.posts.autosave(data);
    if (error) return;
    last = current;
    const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    status.textContent = `Draft autosaved at ${time} as a revision; the post itself changes when you save or publish.`;
  }, AUTOSAVE_EVERY_MS);
}

export function enhanceEditor(): void {
  const form = document.querySelector<HTMLFormElement>('form.post-form');
  const body = form?.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (!form || !body) return;
  const status = document.createElement('p');
  status.className = 'editor-status muted small';
  status.setAttribute('role', 'status');
  addToolbar(form, body, status);
  addLivePreview(body);
  body.after(status);
  const postId = form.querySelector<HTMLInputElement>('input[name="id"]')?.value;
  if (postId) addAutosave(form, postId, status);
}
