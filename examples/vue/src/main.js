import { createApp } from 'vue';
import 'imp-billing'; // registers <imp-billing-button>
import App from './App.vue';

createApp(App).mount('#app');
