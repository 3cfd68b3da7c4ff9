export class Html {
    text;
    constructor(text) {
        this.text = text;
    }
    toString() {
        return this.text;
    }
}
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escape(s) {
    return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
function render(value) {
    if (value instanceof Html)
        return value.text;
    if (Array.isArray(value))
        return value.map(render).join('');
    if (value === null || value === undefined || value === false)
        return '';
    return escape(String(value));
}
export function html(strings, ...values) {
    let out = strings[0] ?? '';
    values.forEach((v, i) => {
        out += render(v) + (strings[i + 1] ?? '');
    });
    return new Html(out);
}
export const NOTHING = new Html('');
export function clock(ms) {
    return new Date(ms).toISOString().slice(11, 19);
}
