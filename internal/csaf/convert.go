package csaf

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// MarshalConverted writes as CSAF 2.0 an advisory that was not read from
// CSAF (an OSV or CVE JSON 5 record, EISPP XML), adjusted so that the
// result passes the schema and the mandatory tests:
//
//   - category csaf_base (the record kinds carry no CSAF profile);
//   - tracking version 1, status final, one revision (number 1, dated at
//     the record's last change) whose legacy_version keeps the record's own
//     version, e.g. OSV's "20230424.155627"; a rejected or withdrawn record
//     says so in a note;
//   - references without a summary get their URL as summary;
//   - a CWE without a name gets the catalogue's name, or is left out when
//     the catalogue does not know it;
//   - CVSS v4 scores (CSAF 2.0 carries v2 and v3 only) stay in a note;
//   - a publisher category outside the standard's list becomes "other".
//
// The advisory itself is not changed. Documents read from CSAF are exported
// as they were imported and never go through this.
func (v *Validator) MarshalConverted(a *advisory.Advisory, origin string) ([]byte, error) {
	c := *a
	c.ProductTree = nil // rebuilt from Products
	c.Additional = nil
	c.Generator = nil
	c.Category = "csaf_base"
	switch c.Publisher.Category {
	case "coordinator", "discoverer", "other", "translator", "user", "vendor":
	default:
		c.Publisher.Category = "other"
	}
	if c.Publisher.Namespace == "" {
		c.Publisher.Namespace = "https://tocsin.invalid/converted"
	}
	when := c.CurrentRelease
	if when.IsZero() || when.Year() < 1970 {
		when = c.InitialRelease
	}
	if when.IsZero() || when.Year() < 1970 {
		when = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	initial := c.InitialRelease
	if initial.IsZero() || initial.Year() < 1970 || initial.After(when) {
		initial = when
	}
	c.InitialRelease, c.CurrentRelease = initial, when
	c.InitialReleaseRaw, c.CurrentReleaseRaw = "", ""
	var notes []advisory.Note
	switch strings.ToLower(c.Status) {
	case "rejected", "withdrawn":
		notes = append(notes, advisory.Note{Category: "general", Title: "Status", Text: fmt.Sprintf("The %s record was %s.", origin, strings.ToLower(c.Status))})
	}
	c.Status = "final"
	c.Revisions = []advisory.Revision{{Number: "1", Date: when, Summary: fmt.Sprintf("Converted by Tocsin from the %s record %s.", origin, a.TrackingID), LegacyVersion: a.Version}}
	c.Version = "1"
	c.References = fixRefs(c.References)
	c.Vulnerabilities = make([]advisory.Vulnerability, len(a.Vulnerabilities))
	for i, vu := range a.Vulnerabilities {
		vu.StatusLists, vu.ScoreSets = nil, nil // rebuilt from ProductStatus and Scores
		vu.References = fixRefs(vu.References)
		if vu.CWE != nil {
			cw := *vu.CWE
			if names, ok := v.cwes[cw.ID]; ok && len(names) > 0 {
				if cw.Name == "" || !slices.Contains(names, cw.Name) {
					cw.Name = names[0]
				}
				vu.CWE = &cw
			} else {
				vu.CWE = nil
			}
		}
		var scores []advisory.Score
		scored := map[[2]string]bool{} // (CVSS major version, product): one score each (6.1.7)
		for _, s := range vu.Scores {
			if s.CVSSVersion == "4.0" {
				notes = append(notes, advisory.Note{Category: "other", Title: "CVSS v4.0", Text: s.Vector})
				continue
			}
			major := strings.SplitN(s.CVSSVersion, ".", 2)[0]
			var ids []string
			for _, id := range s.ProductIDs {
				if !scored[[2]string{major, id}] {
					scored[[2]string{major, id}] = true
					ids = append(ids, id)
				}
			}
			if len(ids) == 0 {
				continue // another source's score for the same products
			}
			s.ProductIDs = ids
			scores = append(scores, s)
		}
		vu.Scores = scores
		c.Vulnerabilities[i] = vu
	}
	c.Notes = append(append([]advisory.Note(nil), a.Notes...), notes...)
	return Marshal(&c)
}

func fixRefs(refs []advisory.Reference) []advisory.Reference {
	out := make([]advisory.Reference, 0, len(refs))
	for _, r := range refs {
		if u, err := url.Parse(strings.TrimSpace(r.URL)); err != nil || !u.IsAbs() || u.Host == "" {
			continue // CSAF wants absolute URLs; a bare "github.com/x" is not one
		}
		if strings.TrimSpace(r.Summary) == "" {
			r.Summary = r.URL
		}
		out = append(out, r)
	}
	return out
}
