package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/store"
)

// AddCatalogue implements store.Store.
func (s *Store) AddCatalogue(ctx context.Context, entries []store.CatalogueEntry) error {
	if len(entries) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("add to catalogue: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO catalogue(vendor_key, product_key, vendor, product, cpe, purl, source, advisories) VALUES(?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(vendor_key, product_key) DO UPDATE SET advisories = advisories + excluded.advisories,
		cpe = CASE WHEN cpe = '' THEN excluded.cpe ELSE cpe END, purl = CASE WHEN purl = '' THEN excluded.purl ELSE purl END`)
	if err != nil {
		return fmt.Errorf("add to catalogue: %w", err)
	}
	defer st.Close()
	for _, e := range entries {
		n := 0
		if e.Source == "advisory" {
			n = 1
		}
		if _, err := st.ExecContext(ctx, e.VendorKey, e.ProductKey, e.Vendor, e.Product, e.CPE, e.PURL, e.Source, n); err != nil {
			return fmt.Errorf("add to catalogue: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add to catalogue: %w", err)
	}
	return nil
}

// likePrefix escapes a LIKE pattern.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Catalogue implements store.Store.
func (s *Store) Catalogue(ctx context.Context, query, vendorKey string, limit int) ([]store.CatalogueEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	q := strings.ToLower(strings.Join(strings.Fields(query), " "))
	var conds []string
	var args []any
	if vendorKey != "" {
		conds = append(conds, "vendor_key = ?")
		args = append(args, vendorKey)
	}
	// Every word must appear in the vendor or the product: "siemens rx1500"
	// finds Siemens / RUGGEDCOM ROX RX1500.
	words := strings.Fields(q)
	if len(words) > 8 {
		words = words[:8] // enough to find any product; bounds the query
	}
	for _, w := range words {
		conds = append(conds, `(vendor_key || ' ' || product_key) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(w)+"%")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, "SELECT vendor_key, vendor, product_key, product, cpe, purl, source, advisories FROM catalogue"+where+" ORDER BY advisories DESC, vendor_key, product_key LIMIT ?", args...)
	if err != nil {
		return nil, fmt.Errorf("search catalogue: %w", err)
	}
	defer rows.Close()
	var out []store.CatalogueEntry
	for rows.Next() {
		var e store.CatalogueEntry
		if err := rows.Scan(&e.VendorKey, &e.Vendor, &e.ProductKey, &e.Product, &e.CPE, &e.PURL, &e.Source, &e.Advisories); err != nil {
			return nil, fmt.Errorf("search catalogue: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CatalogueVendors implements store.Store.
func (s *Store) CatalogueVendors(ctx context.Context, query string, limit int) ([]store.CatalogueVendor, error) {
	if limit <= 0 || limit > 5000 {
		limit = 500
	}
	q := strings.ToLower(strings.Join(strings.Fields(query), " "))
	rows, err := s.db.QueryContext(ctx, `SELECT vendor_key, MIN(vendor), count(*) FROM catalogue WHERE vendor_key LIKE ? ESCAPE '\' GROUP BY vendor_key ORDER BY vendor_key LIMIT ?`, likeEscape(q)+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("list vendors: %w", err)
	}
	defer rows.Close()
	var out []store.CatalogueVendor
	for rows.Next() {
		var v store.CatalogueVendor
		if err := rows.Scan(&v.Key, &v.Name, &v.Products); err != nil {
			return nil, fmt.Errorf("list vendors: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
