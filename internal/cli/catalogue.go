package cli

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/tocsin-cert/tocsin/internal/catalogue"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/store"
)

func runCatalogue(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	switch sub {
	case "vendors":
		fs := c.flags("vendors", "[--search WORDS]", "List the vendors of the product catalogue, with their number of products.")
		q := fs.String("search", "", "vendors whose name starts with these words")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		vs, err := inst.Store.CatalogueVendors(ctx, *q, 5000)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VENDOR\tAS WRITTEN\tPRODUCTS")
		for _, v := range vs {
			fmt.Fprintf(tw, "%s\t%s\t%d\n", v.Key, v.Name, v.Products)
		}
		return tw.Flush()
	case "products":
		fs := c.flags("products", "[--vendor NAME] [--search WORDS]",
			"List products of the catalogue, most often named by advisories first, with\nthe SPEC that subscribes to each (for tocsin profile add --product).")
		vendor := fs.String("vendor", "", "one vendor's products")
		q := fs.String("search", "", "products (or vendor and product) starting with, or containing, these words")
		limit := fs.Int("limit", 100, "at most this many")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		vk := ""
		if *vendor != "" {
			vk = product.NormalizeVendor(*vendor)
		}
		es, err := inst.Store.Catalogue(ctx, *q, vk, *limit)
		if err != nil {
			return err
		}
		if len(es) == 0 {
			fmt.Fprintln(c.Stdout, "No product matches these words (the catalogue is built from imported advisories and tocsin catalogue import-cpe).")
			return nil
		}
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SPEC\tVENDOR\tPRODUCT\tADVISORIES\tCPE OR PACKAGE URL")
		for _, e := range es {
			id := e.CPE
			if id == "" {
				id = e.PURL
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", catalogue.Spec(e), e.Vendor, e.Product, e.Advisories, id)
		}
		return tw.Flush()
	case "import-cpe":
		fs := c.flags("import-cpe", "FILE", "Add the vendors and products of the NVD's CPE dictionary\n(official-cpe-dictionary_v2.3.xml) to the catalogue. The file is read as a\nstream; a progress line is printed every 100,000 products.")
		if err := c.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return c.usageErr("give one file")
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		v, actor, err := c.viewer(ctx, inst)
		if err != nil {
			return err
		}
		if !v.CERTStaff() {
			return fmt.Errorf("%s may not change the catalogue: %w", actor, errDenied)
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		done, next := 0, 100000
		n, err := catalogue.ReadCPEDictionary(f, 5000, func(es []store.CatalogueEntry) error {
			done += len(es)
			if done >= next {
				fmt.Fprintf(c.Stderr, "%d products...\n", done)
				next += 100000
			}
			return inst.Store.AddCatalogue(ctx, es)
		})
		if err != nil {
			return err
		}
		c.audit(ctx, inst, actor, "catalogue.import-cpe", fs.Arg(0), plural(n, "product"))
		fmt.Fprintf(c.Stdout, "Added %s from the CPE dictionary\n", plural(n, "product"))
		return nil
	}
	return c.subUsage("catalogue", sub, "vendors", "products", "import-cpe")
}
