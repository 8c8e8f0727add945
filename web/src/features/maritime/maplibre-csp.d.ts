// MapLibre's CSP build (no blob: worker) has the same API as the package's main entry.
declare module 'maplibre-gl/dist/maplibre-gl-csp.js' {
  import maplibregl from 'maplibre-gl';
  export default maplibregl;
}
