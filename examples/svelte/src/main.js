import { mount } from 'svelte';
import 'imp-billing'; // registers <imp-billing-button>
import App from './App.svelte';

mount(App, { target: document.getElementById('app') });
