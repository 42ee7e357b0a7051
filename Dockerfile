FROM node:20-bookworm-slim
# pg_dump/pg_restore for `pnpm stafette backup|restore` against PostgreSQL. Chromium and
# Arial-metric fonts draw process diagrams for the SVG/PNG export (server/src/processes) and
# print the PDF exports (server/src/exports); DejaVu covers the symbols Liberation lacks (☐ ☑ →).
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client chromium fonts-liberation fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@12.18.0
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && node scripts/client-build.mjs
ENV NODE_ENV=production STAFETTE_DATA_DIR=/app/data STAFETTE_CHROMIUM_PATH=/usr/bin/chromium
EXPOSE 3000
CMD ["pnpm", "start"]
