import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * Where `npm run dev` runs the API (and socket.io); the console's dev server proxies to it.
 * VITE_API_TARGET points it at another server (e.g. one started on another port).
 */
const API = process.env.VITE_API_TARGET || 'http://127.0.0.1:3000'

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: API },
      '/socket.io': { target: API, ws: true },
      '/healthz': { target: API },
      '/metrics': { target: API },
    },
  },
})
