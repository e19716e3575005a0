package match

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/product"
)

// redhatVEX is a cut of redhat/CVE-2023-20862.json (shared corpus): two
// base products with CPEs and relationship products built on them, with
// the document's statuses.
func redhatVEX() *advisory.Advisory {
	return &advisory.Advisory{
		TrackingID: "CVE-2023-20862",
		Products: []advisory.Product{
			{ID: "red_hat_decision_manager_7", Name: "Red Hat Decision Manager 7", Vendor: "Red Hat",
				Product: "Red Hat Decision Manager 7", CPE: "cpe:/a:redhat:jboss_enterprise_brms_platform:7"},
			{ID: "red_hat_enterprise_linux_9", Name: "Red Hat Enterprise Linux 9", Vendor: "Red Hat",
				Product: "Red Hat Enterprise Linux 9", CPE: "cpe:/o:redhat:enterprise_linux:9"},
			{ID: "red_hat_decision_manager_7:spring-security", Name: "spring-security as a component of Red Hat Decision Manager 7",
				Vendor: "Red Hat", Version: "spring-security", Platform: "Red Hat Decision Manager 7", Relationship: "default_component_of"},
			{ID: "red_hat_enterprise_linux_9:log4j", Name: "log4j as a component of Red Hat Enterprise Linux 9",
				Vendor: "Red Hat", Version: "log4j", Platform: "Red Hat Enterprise Linux 9", Relationship: "default_component_of"},
		},
		Vulnerabilities: []advisory.Vulnerability{{CVE: "CVE-2023-20862", ProductStatus: map[string]advisory.Status{
			"red_hat_decision_manager_7:spring-security": advisory.StatusKnownAffected,
			"red_hat_enterprise_linux_9:log4j":           advisory.StatusKnownNotAffected,
		}}},
	}
}

// siemensAdvisory is a cut of cisa/icsa-22-167-14.json and
// cisa/icsa-24-046-11.json with one product marked fixed for the test.
func siemensAdvisory() *advisory.Advisory {
	return &advisory.Advisory{
		TrackingID: "ICSA-22-167-14",
		Products: []advisory.Product{
			{ID: "CSAFPID-0001", Name: " SIMATIC Logon V1.6", Vendor: "Siemens", Product: " SIMATIC Logon V1.6", VersionRange: "All versions < V1.6 Upd6"},
			{ID: "CSAFPID-0002", Name: "Industrial Edge - OPC UA Connector", Vendor: "Siemens", Product: "Industrial Edge - OPC UA Connector", VersionRange: "vers:all/<V1.7"},
			{ID: "CSAFPID-0003", Name: "SCALANCE XCH328 (6GK5328-4TS01-2EC2)", Vendor: "Siemens", Product: "SCALANCE XCH328 (6GK5328-4TS01-2EC2)", VersionRange: "<V2.4"},
			{ID: "CSAFPID-0004", Name: "SCALANCE XCH328 (6GK5328-4TS01-2EC2)", Vendor: "Siemens", Product: "SCALANCE XCH328 (6GK5328-4TS01-2EC2)", Version: "V2.4"},
			{ID: "CSAFPID-0005", Name: "RUGGEDCOM CROSSBOW Station Access Controller (SAC)", Vendor: "Siemens",
				Product: "RUGGEDCOM CROSSBOW Station Access Controller (SAC)", VersionRange: "All versions only when running on ROX II < V2.15.1"},
		},
		Vulnerabilities: []advisory.Vulnerability{
			{CVE: "CVE-2022-0001", ProductStatus: map[string]advisory.Status{
				"CSAFPID-0001": advisory.StatusKnownAffected,
				"CSAFPID-0002": advisory.StatusUnderInvestigation,
				"CSAFPID-0003": advisory.StatusKnownAffected,
				"CSAFPID-0004": advisory.StatusFixed,
			}},
			{CVE: "CVE-2022-0002", ProductStatus: map[string]advisory.Status{
				"CSAFPID-0002": advisory.StatusKnownAffected, // most alarming wins
				"CSAFPID-0005": advisory.StatusKnownAffected,
			}},
		},
	}
}

// stackableAdvisory is a cut of stackable/stacksa_2024_0101_0001.json:
// openssh (vendor rhel) installed in the airflow image.
func stackableAdvisory() *advisory.Advisory {
	return &advisory.Advisory{
		TrackingID: "stackable-sa-2024-0101-0001",
		Products: []advisory.Product{
			{ID: "pkg:oci/airflow@sha256%3A5b5412bc7bcb1b1d783e57d0b9940fc752d17b9c8b1dbbdedcc5cd86a7de6a11?arch=amd64&repository_url=docker.stackable.tech%2Fstackable%2Fairflow",
				Name: "airflow:2.6.3-stackable24.7.0-amd64", Vendor: "Stackable", Product: "airflow", Version: "2.6.3-stackable24.7.0-amd64",
				PURL: "pkg:oci/airflow@sha256:5b5412bc7bcb1b1d783e57d0b9940fc752d17b9c8b1dbbdedcc5cd86a7de6a11?arch=amd64&repository_url=docker.stackable.tech/stackable/airflow"},
			{ID: "pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4?arch=x86_64&upstream=openssh-8.7p1-38.el9_4.4.src.rpm&distro=rhel-9.4",
				Name: "openssh:8.7p1-38.el9_4.4", Vendor: "rhel", Product: "openssh", Version: "8.7p1-38.el9_4.4",
				PURL: "pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4?arch=x86_64&distro=rhel-9.4&upstream=openssh-8.7p1-38.el9_4.4.src.rpm"},
			{ID: "openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64", Name: "openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64",
				Vendor: "rhel", Product: "openssh", Version: "8.7p1-38.el9_4.4",
				PURL:     "pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4?arch=x86_64&distro=rhel-9.4&upstream=openssh-8.7p1-38.el9_4.4.src.rpm",
				Platform: "airflow:2.6.3-stackable24.7.0-amd64", Relationship: "default_component_of"},
		},
		Vulnerabilities: []advisory.Vulnerability{{CVE: "CVE-2024-6387", ProductStatus: map[string]advisory.Status{
			"openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64": advisory.StatusKnownAffected,
		}}},
	}
}

func mustIndex(t testing.TB, profiles []org.Profile) *Index {
	t.Helper()
	ix, errs := NewIndex(profiles)
	if len(errs) > 0 {
		t.Fatalf("NewIndex: %v", errs)
	}
	return ix
}

func TestMatch(t *testing.T) {
	t.Parallel()
	profiles := []org.Profile{
		{ID: 30, OrgID: 3, Name: "plant", Products: []string{"siemens/scalance xch328@2.3", "vendor:siemens"}},
		{ID: 10, OrgID: 1, Name: "office", Products: []string{"siemens/simatic logon@1.6 upd2", "siemens/industrial edge"}},
		{ID: 20, OrgID: 2, Name: "other", Products: []string{"abb/e-design", "siemens/scalance xch328@2.4"}},
		{ID: 40, OrgID: 4, Name: "rh", Products: []string{"redhat/decision manager", "redhat/enterprise linux@9"}},
		{ID: 50, OrgID: 5, Name: "ssh", Products: []string{"stackable/airflow@2.6.3", "pkg:rpm/rhel/openssh"}},
	}
	ix := mustIndex(t, profiles)
	if ix.Len() != 10 {
		t.Errorf("Len() = %d, want 10", ix.Len())
	}
	tests := []struct {
		name string
		a    *advisory.Advisory
		want []string // "profile product spec | reason substring"
	}{
		{"siemens", siemensAdvisory(), []string{
			"10 CSAFPID-0001 siemens/simatic logon@1.6 upd2 | contains subscribed 1.6 upd2",
			"10 CSAFPID-0002 siemens/industrial edge | every version subscribed",
			// profile 30: the first spec in profile order wins for CSAFPID-0003
			"30 CSAFPID-0001 vendor:siemens | vendor Siemens matches",
			"30 CSAFPID-0002 vendor:siemens | vendor Siemens matches",
			"30 CSAFPID-0003 siemens/scalance xch328@2.3 | advisory range <V2.4 contains subscribed 2.3",
			"30 CSAFPID-0005 vendor:siemens | vendor Siemens matches",
			// profile 20 runs 2.4: CSAFPID-0003 (<V2.4) does not match, CSAFPID-0004 (V2.4) is fixed.
		}},
		{"redhat relationship", redhatVEX(), []string{
			"40 red_hat_decision_manager_7:spring-security redhat/decision manager | spring-security as a component of Red Hat Decision Manager 7 is part of Red Hat Decision Manager 7, where vendor Red Hat and product Red Hat Decision Manager 7 match",
			// log4j in RHEL 9 is known_not_affected: no hit for "redhat/enterprise linux@9"
		}},
		{"stackable relationship", stackableAdvisory(), []string{
			// both specs of profile 50 match; the first in its list is reported
			"50 openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64 stackable/airflow@2.6.3 | is part of airflow:2.6.3-stackable24.7.0-amd64",
		}},
	}
	for _, tt := range tests {
		hits := ix.Match(tt.a)
		var got []string
		for _, h := range hits {
			got = append(got, fmt.Sprintf("%d %s %s", h.ProfileID, h.ProductID, h.Spec))
			st, _ := tt.a.ProductStatus()[h.ProductID], 0
			if h.Status != st || !h.Status.Notifies() {
				t.Errorf("%s: hit %+v has status %q, product status %q", tt.name, h, h.Status, st)
			}
			if h.OrgID != h.ProfileID/10 {
				t.Errorf("%s: hit %+v has the wrong org", tt.name, h)
			}
		}
		var want []string
		for _, w := range tt.want {
			want = append(want, strings.Split(w, " | ")[0])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: hits\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
			continue
		}
		for i, w := range tt.want {
			if sub := strings.Split(w, " | ")[1]; !strings.Contains(hits[i].Reason, sub) {
				t.Errorf("%s: hit %s reason %q, want it to contain %q", tt.name, got[i], hits[i].Reason, sub)
			}
		}
	}
}

func TestMatchPlatformByName(t *testing.T) {
	t.Parallel()
	// The stackable relationship product's platform "airflow:2.6.3-..." is
	// the image product of the same name; "stackable/airflow@2.6.3" matches
	// it as a build of 2.6.3. Profile 50 is also matched by its purl spec,
	// which comes second in its list: the first matching spec is reported.
	ix := mustIndex(t, []org.Profile{{ID: 50, OrgID: 5, Products: []string{"stackable/airflow@2.6.3", "pkg:rpm/rhel/openssh"}}})
	hits := ix.Match(stackableAdvisory())
	if len(hits) != 1 || hits[0].Spec != "stackable/airflow@2.6.3" ||
		!strings.Contains(hits[0].Reason, "is part of airflow:2.6.3-stackable24.7.0-amd64, where vendor Stackable and product airflow match; advisory version 2.6.3-stackable24.7.0-amd64 is a build of subscribed 2.6.3") {
		t.Errorf("hits = %+v", hits)
	}
}

func TestExplain(t *testing.T) {
	t.Parallel()
	ix, errs := NewIndex([]org.Profile{
		{ID: 20, OrgID: 2, Name: "other", Products: []string{"siemens/scalance xch328@2.4", "siemens", "redhat/enterprise linux@9"}},
	})
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	ex := ix.Explain(siemensAdvisory(), 20)
	var got []string
	for _, e := range ex {
		got = append(got, fmt.Sprintf("%s %s match=%v notified=%v: %s", e.Spec, e.ProductID, e.Match, e.Notified, e.Reason))
	}
	want := []string{
		"siemens/scalance xch328@2.4 CSAFPID-0003 match=false notified=false: vendor Siemens and product SCALANCE XCH328 (6GK5328-4TS01-2EC2) match; but advisory range <V2.4 does not contain subscribed 2.4",
		"siemens/scalance xch328@2.4 CSAFPID-0004 match=true notified=false: vendor Siemens and product SCALANCE XCH328 (6GK5328-4TS01-2EC2) match; advisory version V2.4 equals subscribed 2.4; but product SCALANCE XCH328 (6GK5328-4TS01-2EC2) is listed as fixed, not notified",
		`siemens  match=false notified=false: the spec could not be read: product spec "siemens": missing "/" between vendor and product (for every product of a vendor write vendor:siemens); accepted forms: ` + product.AcceptedForms,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Explain:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	ex = ix.Explain(redhatVEX(), 20)
	got = nil
	for _, e := range ex {
		got = append(got, fmt.Sprintf("%s %s %s match=%v notified=%v", e.Spec, e.ProductID, e.Status, e.Match, e.Notified))
	}
	// Only products sharing an index key with a spec are explained: the
	// Decision Manager products share none with "redhat/enterprise linux@9".
	want = []string{
		"siemens   match=false notified=false",
		"redhat/enterprise linux@9 red_hat_enterprise_linux_9  match=true notified=false",
		"redhat/enterprise linux@9 red_hat_enterprise_linux_9:log4j known_not_affected match=true notified=false",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Explain:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, e := range ex {
		if e.ProductID == "red_hat_enterprise_linux_9:log4j" && !strings.HasSuffix(e.Reason, "is listed as not affected, not notified") {
			t.Errorf("reason %q", e.Reason)
		}
		if e.ProductID == "red_hat_enterprise_linux_9" && !strings.HasSuffix(e.Reason, "has no status in this advisory, not notified") {
			t.Errorf("reason %q", e.Reason)
		}
	}
	if ex := ix.Explain(siemensAdvisory(), 999); ex != nil {
		t.Errorf("unknown profile: %v", ex)
	}
}

func TestNewIndexErrors(t *testing.T) {
	t.Parallel()
	ix, errs := NewIndex([]org.Profile{
		{ID: 7, Name: "Werk Nord", Products: []string{"siemens/simatic@>=3,<2", "vendor:siemens", "cpe:2.3:a"}},
	})
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want 2", errs)
	}
	for i, spec := range []string{"siemens/simatic@>=3,<2", "cpe:2.3:a"} {
		msg := errs[i].Error()
		if !strings.Contains(msg, "profile 7 (Werk Nord)") || !strings.Contains(msg, fmt.Sprintf("%q", spec)) {
			t.Errorf("error %q does not name the profile and the spec", msg)
		}
	}
	if ix.Len() != 1 {
		t.Errorf("the readable spec must be indexed, Len() = %d", ix.Len())
	}
}

// TestCandidatesOnly checks that matching looks at the subscriptions that
// share a key with the product, not at the others.
func TestCandidatesOnly(t *testing.T) {
	t.Parallel()
	var profiles []org.Profile
	for i := range 2000 {
		profiles = append(profiles, org.Profile{ID: int64(i + 1), Products: []string{
			fmt.Sprintf("vendor%d/product %d", i, i), fmt.Sprintf("pkg:npm/pkg-%d", i), "siemens/simatic s7-1500"}})
	}
	ix := mustIndex(t, profiles)
	a := siemensAdvisory()
	pr := prepare(a)
	sc := ix.getScratch()
	for i := range a.Products {
		if n := len(ix.candidates(sc, sc.next(), pr.target(i), pr.platforms(i), nil)); n > 1 {
			t.Errorf("product %s has %d candidate specs, want at most 1", a.Products[i].Name, n)
		}
	}
}

// naiveMatch is the specification of Index.Match: every subscription of
// every profile against every notifying product, the first matching spec of
// a profile reported. (Products are prepared once, as a caller of
// Spec.MatchTarget would; no index key is consulted.)
func naiveMatch(profiles []org.Profile, a *advisory.Advisory) []Hit {
	st := a.ProductStatus()
	ranges := product.StatusRanges(a)
	ps := append([]org.Profile(nil), profiles...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	targets := make([]*product.Target, len(a.Products))
	plats := make([][]*product.Target, len(a.Products))
	for i, p := range a.Products {
		targets[i] = Target(p, ranges)
		for _, q := range Platforms(a)[i] {
			plats[i] = append(plats[i], Target(q, ranges))
		}
	}
	var hits []Hit
	for _, pf := range ps {
		var specs []product.Spec
		var texts []string
		for _, text := range pf.Products {
			if sp, err := product.ParseSpec(text); err == nil {
				specs, texts = append(specs, sp), append(texts, text)
			}
		}
		for i, p := range a.Products {
			if !st[p.ID].Notifies() {
				continue
			}
			for k, sp := range specs {
				v := sp.MatchTarget(targets[i])
				if !v.Match {
					for _, q := range plats[i] {
						if pv := sp.MatchTarget(q); pv.Match {
							v = product.Verdict{Match: true, Reason: fmt.Sprintf("%s is part of %s, where %s", p.Name, q.Product().Name, pv.Reason)}
							break
						}
					}
				}
				if v.Match {
					hits = append(hits, Hit{ProfileID: pf.ID, OrgID: pf.OrgID, ProductID: p.ID, Spec: texts[k], Status: st[p.ID], Reason: v.Reason})
					break
				}
			}
		}
	}
	return hits
}

// pools of real-looking values for random advisories and profiles.
func pools() (vendors, names, ranges, cpes, purls, specs []string) {
	vendors = []string{"Siemens", "Siemens AG", "Red Hat", "Red Hat, Inc.", "Moxa", "Digi International, Inc. ",
		"Becton, Dickinson and Company (BD)", "Mitsubishi Electric Corporation", "Stackable", "rhel", "CIQ", ""}
	names = []string{"SIMATIC S7-1500 CPU 1518-4 PN/DP", "SIMATIC S7-1200", "SIMATIC S7-15000", "SCALANCE XCH328 (6GK5328-4TS01-2EC2)",
		"Red Hat Enterprise Linux 9", "Red Hat Enterprise Linux AppStream (v. 8)", "NPort IAW5000A-I/O Series firmware",
		"Digi RealPort for Windows", "BD Synapsys", "MELSOFT MaiLab SW1DND-MAILAB-M", "druid", "airflow", "openssh",
		"Rocky Linux from CIQ 9.5", "OWASP Juice Shop", "spring-security as a component of Red Hat Decision Manager 7"}
	ranges = []string{"", "", "vers:all/*", "vers:all/<V2.4", "<= 2.2", ">=1.00A|<1.05F", "All versions < V1.6 Upd6",
		"9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)", "< SIMATIC WinAC RTX 2010 SP3", "10 | 11", "prior to 3.2"}
	cpes = []string{"", "", "", "cpe:/o:redhat:enterprise_linux:9", "cpe:/a:redhat:enterprise_linux:8::appstream",
		"cpe:2.3:o:ciq:rocky_linux_from_ciq:9.5:*:*:*:*:*:*:*", "cpe:/o:linux:linux_kernel:6.3-rc1", "cpe:/o:redhat:enterprise_linux:-"}
	purls = []string{"", "", "", "pkg:rpm/redhat/tomcat@9.0.87-1.el8_10.1?arch=noarch&epoch=1", "pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4?arch=x86_64",
		"pkg:oci/druid@sha256:5cd603012618d66d2c46cac48a3ac85da4e55746086d90ddd8773e8d695cd51b?arch=amd64", "pkg:docker/bkimminich/juice-shop"}
	specs = []string{"vendor:siemens", "vendor:red hat", "vendor:digi", "vendor:bd", "vendor:owasp", "vendor:rhel",
		"siemens/simatic s7-1500", "siemens/simatic s7-1500@2.0", "siemens/simatic@>=2,<3", "siemens/s7-1500", "siemens/scalance xch328@2.3",
		"redhat/enterprise linux@9", "red hat/enterprise linux@8.x", "redhat/decision manager", "moxa/nport@2.2", "digi/realport@4",
		"bd/synapsys@4.20", "mitsubishi electric/melsoft@1.02", "stackable/druid", "stackable/airflow@2.6.3", "rhel/openssh", "ciq/rocky linux",
		"owasp/juice shop@7", "cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*", "cpe:2.3:*:*:linux_kernel:6.1:*:*:*:*:*:*:*",
		"cpe:2.3:a:redhat:*:*:*:*:*:*:*:*:*", "cpe:/o:ciq:rocky_linux_from_ciq", "pkg:rpm/redhat/tomcat", "pkg:rpm/redhat/tomcat@9.0.87",
		"pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4", "pkg:oci/druid", "pkg:docker/bkimminich/juice-shop@6.1", "not a spec", "cpe:2.3:q:x:y"}
	return
}

func randomAdvisory(r *rand.Rand, n int) *advisory.Advisory {
	vendors, names, ranges, cpes, purls, _ := pools()
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	statuses := []advisory.Status{advisory.StatusKnownAffected, advisory.StatusUnderInvestigation, advisory.StatusFixed,
		advisory.StatusKnownNotAffected, advisory.StatusFirstAffected, ""}
	a := &advisory.Advisory{Vulnerabilities: []advisory.Vulnerability{{ProductStatus: map[string]advisory.Status{}}}}
	for i := range n {
		p := advisory.Product{ID: fmt.Sprintf("P%d", i), Vendor: pick(vendors), Name: pick(names), CPE: pick(cpes), PURL: pick(purls)}
		p.Product = p.Name
		if r.IntN(2) == 0 {
			p.VersionRange = pick(ranges)
		} else {
			p.Version = pick([]string{"", "2.0", "V2.4", "4.20 SR1", "33.0.0-stackable25.11.0-amd64", "spring-security", "10 | 11"})
		}
		if r.IntN(5) == 0 && i > 0 {
			p.Platform = a.Products[r.IntN(i)].Name
			if r.IntN(3) == 0 {
				p.Platform = pick(names) + " (elsewhere)"
			}
		}
		if st := statuses[r.IntN(len(statuses))]; st != "" {
			a.Vulnerabilities[0].ProductStatus[p.ID] = st
		}
		a.Products = append(a.Products, p)
	}
	return a
}

func randomProfiles(r *rand.Rand, n int) []org.Profile {
	_, _, _, _, _, specs := pools()
	var ps []org.Profile
	for i := range n {
		p := org.Profile{ID: int64(r.IntN(n * 3)), OrgID: int64(i % 7)}
		for range 1 + r.IntN(4) {
			p.Products = append(p.Products, specs[r.IntN(len(specs))])
		}
		ps = append(ps, p)
	}
	// profile ids are unique
	seen := map[int64]bool{}
	out := ps[:0]
	for _, p := range ps {
		if !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	return out
}

func TestMatchEqualsNaive(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 40 {
		profiles := randomProfiles(r, 60)
		ix, _ := NewIndex(profiles)
		for range 5 {
			a := randomAdvisory(r, 25)
			got, want := ix.Match(a), naiveMatch(profiles, a)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: index and naive loop differ:\nindex %d hits: %+v\nnaive %d hits: %+v", round, len(got), got, len(want), want)
			}
		}
	}
}

// benchProfiles makes n synthetic profiles of 20 specs each: mostly
// products of a large synthetic vendor universe and package URLs, with a
// small share of real-looking specs (vendor-wide ones among them).
func benchProfiles(r *rand.Rand, n int) []org.Profile {
	vendors, names, _, _, _, specs := pools()
	var profiles []org.Profile
	for i := range n {
		p := org.Profile{ID: int64(i + 1), OrgID: int64(i/3 + 1)}
		for j := range 20 {
			switch k := r.IntN(100); {
			case k < 3: // a real-looking spec
				p.Products = append(p.Products, specs[r.IntN(len(specs))])
			case k < 10: // a real vendor's product line, with a version
				v := vendors[r.IntN(len(vendors))]
				if v == "" {
					v = "acme"
				}
				w := strings.Fields(names[r.IntN(len(names))])
				p.Products = append(p.Products, fmt.Sprintf("%s/%s@%d.%d", v, strings.Join(w[:1+r.IntN(len(w))], " "), r.IntN(10), r.IntN(10)))
			case k < 60: // a synthetic vendor's product
				p.Products = append(p.Products, fmt.Sprintf("vendor%d/product line %d@>=%d.0,<%d.0", r.IntN(5000), r.IntN(50), j%5, j%5+2))
			case k < 80:
				p.Products = append(p.Products, fmt.Sprintf("pkg:npm/package-%d@1.%d.0", r.IntN(20000), r.IntN(10)))
			default:
				p.Products = append(p.Products, fmt.Sprintf("cpe:2.3:a:vendor%d:product_%d:%d.%d:*:*:*:*:*:*:*", r.IntN(5000), r.IntN(50), r.IntN(5), r.IntN(10)))
			}
		}
		profiles = append(profiles, p)
	}
	return profiles
}

// benchAdvisory looks like a large Siemens advisory (cisa/icsa-22-167-14
// has 386 products): n distinct products, all known affected.
func benchAdvisory(n int) *advisory.Advisory {
	series := []string{"SIMATIC S7-1500 CPU", "SIMATIC S7-1200 CPU", "SCALANCE XCH", "SCALANCE XCM", "RUGGEDCOM ROX", "SIPLUS S7-1500 CPU", "SINEC NMS", "Industrial Edge"}
	a := &advisory.Advisory{Vulnerabilities: []advisory.Vulnerability{{ProductStatus: map[string]advisory.Status{}}}}
	for i := range n {
		p := advisory.Product{ID: fmt.Sprintf("CSAFPID-%04d", i+1), Vendor: "Siemens",
			Name:         fmt.Sprintf("%s %d (6ES7%03d-%dAB0)", series[i%len(series)], 1500+i, i, i%10),
			VersionRange: fmt.Sprintf("vers:all/<V%d.%d", 1+i%4, i%10)}
		p.Product = p.Name
		a.Products = append(a.Products, p)
		a.Vulnerabilities[0].ProductStatus[p.ID] = advisory.StatusKnownAffected
	}
	return a
}

// BenchmarkNewIndex builds the index of 10,000 profiles of 20 specs.
func BenchmarkNewIndex(b *testing.B) {
	profiles := benchProfiles(rand.New(rand.NewPCG(3, 4)), 10000)
	for b.Loop() {
		_, _ = NewIndex(profiles)
	}
}

// BenchmarkMatch matches a 400-product advisory against 10,000 profiles of
// 20 specs (200,000 subscriptions).
func BenchmarkMatch(b *testing.B) {
	profiles := benchProfiles(rand.New(rand.NewPCG(3, 4)), 10000)
	ix, _ := NewIndex(profiles) // the pool holds two invalid specs
	a := benchAdvisory(400)
	hits := 0
	for b.Loop() {
		hits = len(ix.Match(a))
	}
	b.ReportMetric(float64(hits), "hits/op")
}

// TestMatchConcurrent uses one index from several goroutines (run with
// -race to check that matching does not write shared state).
func TestMatchConcurrent(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	ix, _ := NewIndex(randomProfiles(r, 80))
	advs := []*advisory.Advisory{randomAdvisory(r, 30), siemensAdvisory(), redhatVEX(), stackableAdvisory()}
	want := make([][]Hit, len(advs))
	for i, a := range advs {
		want[i] = ix.Match(a)
	}
	done := make(chan error)
	for g := range 4 {
		go func() {
			var err error
			for k := range 20 {
				i := (g + k) % len(advs)
				if got := ix.Match(advs[i]); !reflect.DeepEqual(got, want[i]) {
					err = fmt.Errorf("goroutine %d: advisory %d gave different hits", g, i)
				}
				_ = ix.Explain(advs[i], 1)
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkIndexDistinctSpecs measures the worst case for the index's
// memory: 200,000 subscriptions that are all different (products with
// ranges, versioned package URLs, CPE names, exact versions), so nothing
// is shared. It reports the live heap per distinct spec.
func BenchmarkIndexDistinctSpecs(b *testing.B) {
	var profiles []org.Profile
	for i := range 10000 {
		p := org.Profile{ID: int64(i + 1)}
		for j := range 20 {
			k := i*20 + j
			switch j % 4 {
			case 0:
				p.Products = append(p.Products, fmt.Sprintf("Vendor %d GmbH/Product line %d model %d@>=%d.%d,<%d.%d", k%5000, k%977, k, k%7, k%10, k%7+1, k%3))
			case 1:
				p.Products = append(p.Products, fmt.Sprintf("pkg:npm/package-%d@1.%d.%d", k, k%10, k%7))
			case 2:
				p.Products = append(p.Products, fmt.Sprintf("cpe:2.3:a:vendor%d:product_%d:%d.%d:*:*:*:*:*:*:*", k%5000, k, k%5, k%10))
			default:
				p.Products = append(p.Products, fmt.Sprintf("acme%d/widget %d@%d.%d.%d", k%3000, k, k%9, k%8, k%7))
			}
		}
		profiles = append(profiles, p)
	}
	var perSpec float64
	for b.Loop() {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		ix := mustIndex(b, profiles)
		runtime.GC()
		runtime.ReadMemStats(&m1)
		perSpec = float64(m1.HeapAlloc-m0.HeapAlloc) / float64(ix.Specs())
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(perSpec, "B/spec")
}
