// Svelte 5 handles <script lang="ts"> natively; no preprocessors needed.
export default {}
