/** `#baton-pick=<token>`: the builder opened this page to pick an element (see picker.ts). */
export const PICK_TOKEN = /[#&]baton-pick=([^&]+)/;

export const pickRequested = () => PICK_TOKEN.test(location.hash);
