// First: every component's stylesheet is imported by the component and comes after these.
import './styles/tokens.css'
import './styles/base.css'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { auth } from './lib/auth.js'

const root = document.getElementById('root')
if (!root) throw new Error('Firebreak: #root is missing from index.html')

// Who is signed in, asked once before the first render has anything to show.
void auth.recheck()

// Server state (inbox pages, threads, notifications) lives in one cache; socket pushes update
// it in place, so a view is refetched only when a push cannot say what changed.
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } },
})

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
)
