// Package publish turns a stored advisory revision into a publication: it
// matches the advisory against every profile and records, in one
// transaction, the matches and one delivery per recipient. The delivery
// worker (package deliver) sends them.
package publish

import (
	"context"
	"fmt"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/match"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// ChannelEmail is the e-mail delivery channel.
const ChannelEmail = "email"

// Result reports a publication.
type Result struct {
	Record *store.Record
	Hits   []match.Hit
	// Profiles is the number of distinct profiles matched.
	Profiles int
	// NewDeliveries counts deliveries created now (0 when the revision was
	// published before to the same recipients).
	NewDeliveries int
	// ProfileErrors lists profiles whose product entries could not be read;
	// they were skipped.
	ProfileErrors []error
}

// Publish publishes the current revision of advisory id.
func Publish(ctx context.Context, st store.Store, id int64) (Result, error) {
	rec, err := st.Advisory(ctx, id)
	if err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	profiles, err := st.ListProfiles(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("publish %s: %w", rec.TrackingID, err)
	}
	ix, perrs := match.NewIndex(profiles)
	var hits []match.Hit
	if Notifies(rec.Advisory) {
		hits = ix.Match(rec.Advisory)
	}
	byID := make(map[int64]org.Profile, len(profiles))
	for _, p := range profiles {
		byID[p.ID] = p
	}
	// Recipients who were sent an earlier revision get an update notice
	// (what changed), not a second full alert; a profile that matches only
	// now (late data: a revision that adds the product or its version) gets
	// the full alert, once.
	sentBefore := map[string]string{}
	earlier, err := st.Deliveries(ctx, id)
	if err != nil {
		return Result{}, fmt.Errorf("publish %s: %w", rec.TrackingID, err)
	}
	for _, d := range earlier {
		if d.Status != store.DeliverySent || d.Version == rec.Version {
			continue
		}
		key := strings.ToLower(d.Recipient)
		if prev, ok := sentBefore[key]; !ok || advisory.CompareTrackingVersions(d.Version, prev) > 0 {
			sentBefore[key] = d.Version
		}
	}
	var matches []store.Match
	var deliveries []store.Delivery
	seenProfile := map[int64]bool{}
	seenRecipient := map[string]bool{}
	for _, h := range hits {
		matches = append(matches, store.Match{ProfileID: h.ProfileID, OrgID: h.OrgID, ProductID: h.ProductID, Spec: h.Spec, Reason: h.Reason})
		if seenProfile[h.ProfileID] {
			continue
		}
		seenProfile[h.ProfileID] = true
		p := byID[h.ProfileID]
		if !Wants(p, rec.Advisory) {
			// Matched (the archive shows it under "matching my profiles"),
			// but no mail: paused, below the threshold or another TLP.
			continue
		}
		for _, r := range p.Recipients {
			key := strings.ToLower(r)
			if seenRecipient[key] {
				continue // one message per recipient, even when several profiles match
			}
			seenRecipient[key] = true
			variant := Variant(p)
			if prev, ok := sentBefore[key]; ok {
				variant += "/update=" + prev
			}
			deliveries = append(deliveries, store.Delivery{
				ProfileID: p.ID, OrgID: p.OrgID, Recipient: r, Channel: ChannelEmail, Variant: variant,
			})
		}
	}
	n, err := st.Publish(ctx, id, rec.Version, matches, deliveries)
	if err != nil {
		return Result{}, fmt.Errorf("publish %s: %w", rec.TrackingID, err)
	}
	return Result{Record: rec, Hits: hits, Profiles: len(seenProfile), NewDeliveries: n, ProfileErrors: perrs}, nil
}

// Wants reports whether a matched profile gets mail about the advisory:
// not while paused, not below its severity threshold (an advisory of
// unknown severity is always sent), and only for the TLP labels it lists.
func Wants(p org.Profile, a *advisory.Advisory) bool {
	if p.Paused {
		return false
	}
	if p.MinSeverity != "" {
		sev := a.Severity()
		if sev != advisory.SeverityUnknown && sev < advisory.ParseSeverity(p.MinSeverity) {
			return false
		}
	}
	if len(p.TLPs) > 0 {
		tlp := string(a.TLP)
		if tlp == "" {
			tlp = string(advisory.TLPClear) // unlabelled: as public as CLEAR
		}
		for _, t := range p.TLPs {
			if t == tlp {
				return true
			}
		}
		return false
	}
	return true
}

// Notifies reports whether an advisory may notify anyone: a withdrawn OSV
// record or a rejected CVE is published to the archive but matches nobody.
func Notifies(a *advisory.Advisory) bool {
	switch strings.ToLower(a.Status) {
	case "withdrawn", "rejected":
		return false
	}
	return true
}

// Variant names how a profile wants its mail: formats, level and language,
// e.g. "txt+html/expert/en".
func Variant(p org.Profile) string {
	formats := p.Formats
	if len(formats) == 0 {
		formats = []string{"txt"}
	}
	level := p.Level
	if level == "" {
		level = "basic"
	}
	lang := p.Lang
	if lang == "" {
		lang = "en"
	}
	return strings.Join(formats, "+") + "/" + level + "/" + lang
}

// ParseVariant splits a variant made by Variant, with the update marker
// Publish adds: since is the revision the recipient had ("" for a full
// alert).
func ParseVariant(v string) (formats []string, level, lang, since string) {
	parts := strings.SplitN(v, "/", 4)
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	formats = strings.Split(parts[0], "+")
	level, lang = parts[1], parts[2]
	if level == "" {
		level = "basic"
	}
	if lang == "" {
		lang = "en"
	}
	since = strings.TrimPrefix(parts[3], "update=")
	return formats, level, lang, since
}

// MatchExisting matches a new profile against every advisory already
// published, so that the archive's "matching my profiles" view shows them.
// It records matches only: no mail goes out for advisories published before
// the profile existed. It returns the number of advisories matched.
func MatchExisting(ctx context.Context, st store.Store, p org.Profile) (int, error) {
	ix, errs := match.NewIndex([]org.Profile{p})
	if len(errs) > 0 {
		return 0, fmt.Errorf("match profile %q: %w", p.Name, errs[0])
	}
	const page = 500
	matched := 0
	for offset := 0; ; offset += page {
		list, err := st.ListAdvisories(ctx, store.Filter{PublishedOnly: true, Limit: page, Offset: offset})
		if err != nil {
			return matched, fmt.Errorf("match profile %q: %w", p.Name, err)
		}
		for _, sm := range list {
			rec, err := st.Advisory(ctx, sm.ID)
			if err != nil {
				return matched, fmt.Errorf("match profile %q: %w", p.Name, err)
			}
			if !Notifies(rec.Advisory) {
				continue
			}
			hits := ix.Match(rec.Advisory)
			if len(hits) == 0 {
				continue
			}
			ms := make([]store.Match, 0, len(hits))
			for _, h := range hits {
				ms = append(ms, store.Match{AdvisoryID: rec.ID, Version: rec.Version, ProfileID: h.ProfileID, OrgID: h.OrgID, ProductID: h.ProductID, Spec: h.Spec, Reason: h.Reason})
			}
			if _, err := st.AddMatches(ctx, ms); err != nil {
				return matched, err
			}
			matched++
		}
		if len(list) < page {
			return matched, nil
		}
	}
}
