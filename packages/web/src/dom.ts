import { t } from './i18n.js';

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | boolean | number | undefined | EventListener>;

/** Builds an element: `on*` attributes become listeners, `true` booleans bare attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

let nextId = 0;
export const uniqueId = (prefix: string) => `${prefix}-${++nextId}`;

/** Polite announcement for screen readers (WCAG 4.1.3 status messages). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => (region.textContent = message), 50);
}

/** Replaces the main content and moves focus to its heading, so a screen reader reads the new screen. */
export function showScreen(title: string, ...content: Child[]): HTMLElement {
  const main = document.getElementById('main')!;
  const heading = h('h1', { tabindex: -1 }, title);
  main.replaceChildren(heading, ...content.filter((child): child is Node | string => Boolean(child)));
  document.title = `${title} · Tessera`;
  heading.focus();
  return main;
}

/** A labelled input with the place for its error (WCAG 1.3.1, 3.3.1). */
export interface Field {
  wrapper: HTMLElement;
  input: HTMLInputElement;
  showError(message: string): void;
  clearError(): void;
}

export function field(label: string, attributes: Attributes = {}): Field {
  const id = uniqueId('field');
  const errorId = `${id}-error`;
  const input = h('input', { id, name: id, type: 'text', required: true, ...attributes });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), input, error);
  return {
    wrapper,
    input,
    showError(message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', errorId);
      // role=alert is set only now, so the message is announced once, when it appears.
      error.setAttribute('role', 'alert');
      input.focus();
    },
    clearError() {
      error.hidden = true;
      error.textContent = '';
      error.removeAttribute('role');
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    },
  };
}

export const codeField = (label: string) =>
  field(label, { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 16, spellcheck: 'false' });

export function button(label: string, onClick: () => void, attributes: Attributes = {}): HTMLButtonElement {
  return h('button', { type: 'button', onclick: () => onClick(), ...attributes }, label);
}

/**
 * A form whose submit runs `action` once at a time; a failure lands next to the field `fieldFor` picks
 * (the last field by default), in the server's words.
 */
export function form(
  fields: Field[],
  submitLabel: string,
  action: () => Promise<void>,
  options: { extra?: Child[]; fieldFor?: (apiCode: number | undefined) => Field | undefined } = {},
): HTMLFormElement {
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const element = h('form', { novalidate: true }, ...fields.map((f) => f.wrapper), ...(options.extra ?? []), submit);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    for (const f of fields) f.clearError();
    const empty = fields.find((f) => f.input.required && !f.input.value.trim());
    if (empty) return empty.showError(t('required', { label: empty.wrapper.querySelector('label')?.textContent ?? '' }));
    submit.disabled = true;
    element.setAttribute('aria-busy', 'true');
    action()
      .catch((error: unknown) => {
        const apiCode = (error as { apiCode?: number }).apiCode;
        const message = error instanceof Error && error.message ? error.message : t('requestFailed');
        (options.fieldFor?.(apiCode) ?? fields[fields.length - 1])?.showError(message);
        if (fields.length === 0) announce(message);
      })
      .finally(() => {
        submit.disabled = false;
        element.removeAttribute('aria-busy');
      });
  });
  return element;
}

/** A secret shown once, with copy and download (recovery codes, the TOTP key). */
export function secretBox(label: string, value: string, filename?: string): HTMLElement {
  const id = uniqueId('secret');
  const copy = button(t('copy'), () => {
    void navigator.clipboard?.writeText(value).then(() => announce(t('copied')), () => undefined);
  });
  const download = filename
    ? h('a', { class: 'button-like', href: URL.createObjectURL(new Blob([`${value}\n`], { type: 'text/plain' })), download: filename }, t('download'))
    : null;
  return h('div', { class: 'secret' }, h('span', { id, class: 'secret-label' }, label), h('code', { 'aria-labelledby': id, 'data-secret': label }, value), h('div', { class: 'actions' }, copy, download));
}
