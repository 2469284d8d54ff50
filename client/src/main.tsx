// First: every component's stylesheet is imported by the component and comes after these.
import './styles/tokens.css'
import './styles/base.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { auth } from './lib/auth.js'

const root = document.getElementById('root')
if (!root) throw new Error('Firebreak: #root is missing from index.html')

// Who is signed in, asked once before the first render has anything to show.
void auth.recheck()

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
