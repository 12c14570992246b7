import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    // Tell Vue's compiler that <imp-billing-*> tags are custom elements, not unresolved Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('imp-billing-') } } }),
  ],
});
