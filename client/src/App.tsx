import { useEffect } from 'react'
import { useBrandParam } from './features/brands/useBrandParam.js'
import { useBrands } from './features/brands/useBrands.js'
import { ComplaintConsole } from './features/complaints/ComplaintConsole.js'
import { ErrorDetails } from './features/complaints/ErrorDetails.js'
import { writeBrandParam } from './lib/url.js'
import { AppHeader } from './ui/AppHeader.js'
import { Button } from './ui/Button.js'
import { AlertIcon } from './ui/icons.js'
import { Panel } from './ui/Panel.js'
import { SkeletonRows } from './ui/Skeleton.js'

export function App() {
  const { state, retry } = useBrands()
  const [slug, selectBrand] = useBrandParam()
  const brands = state.status === 'ready' ? state.brands : []
  const brand = brands.find((b) => b.slug === slug) ?? brands[0]

  // An unknown or missing ?brand= settles on the brand shown, so a reload keeps it.
  useEffect(() => {
    if (brand && brand.slug !== slug) writeBrandParam(brand.slug, 'replace')
  }, [brand, slug])

  if (brand) {
    return (
      <ComplaintConsole key={brand.id} brand={brand} brands={brands} onSelectBrand={selectBrand} />
    )
  }
  return (
    <div className="app">
      <AppHeader />
      <main className="main" id="main">
        {state.status === 'loading' && (
          <div aria-busy="true" aria-label="Loading">
            <SkeletonRows />
          </div>
        )}
        {state.status === 'error' && (
          <Panel
            tone="danger"
            live
            icon={<AlertIcon size={22} />}
            title="Could not reach Firebreak"
            actions={
              <Button variant="primary" onClick={retry}>
                Retry
              </Button>
            }
          >
            <ErrorDetails error={state.error} />
          </Panel>
        )}
        {state.status === 'ready' && (
          <Panel title="No brands watched yet">
            <p>
              Start Firebreak with the demo (<code>npm start</code>) or add a brand, and its
              complaints will appear here.
            </p>
          </Panel>
        )}
      </main>
    </div>
  )
}
