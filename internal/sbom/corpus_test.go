package sbom

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// sample is a component a reader finds in the file, and the SPEC it gives
// ("" when it gives none).
type sample struct {
	c    Component
	spec string
}

// corpusCase states, for one file under shared/corpus/sbom, what a careful
// reader finds in it. Counts were made with jq (JSON: length of
// .components, .metadata.component, .packages) and with Python's
// ElementTree (XML: <component> elements under <components>, recursively).
type corpusCase struct {
	format string
	err    error  // wanted error instead of a document
	errMsg string // text the error must contain
	name   string
	// components: for CycloneDX metadata.component (when it has a name) plus
	// components including nested ones; for SPDX the packages (not files).
	components int
	specs      int // distinct SPECs
	skipped    int // components that gave no SPEC
	samples    []sample
}

const redHat = "Red Hat"

func corpusCases() map[string]corpusCase {
	return map[string]corpusCase{
		// metadata.component has an empty name and type (a placeholder) and
		// is not counted; one component.
		"cyclonedx/alpine-zlib-16.cdx.json": {
			format: "CycloneDX 1.6 JSON", components: 1, specs: 1,
			samples: []sample{{Component{Name: "zlib", Version: "1.2.12-r1", Type: TypeLibrary,
				PURL: "pkg:apk/alpine/zlib@1.2.12-r1?arch=x86_64&distro=3.22.0&origin=zlib"}, "pkg:apk/alpine/zlib@1.2.12-r1"}},
		},
		// xmlns http://cyclonedx.org/schema/bom/1.2: outside 1.4 to 1.6. (It
		// holds 167 components, none nested, and a metadata.component.)
		"cyclonedx/dropwizard-1.3.15.bom.xml": {
			err: ErrUnsupported, errMsg: "found CycloneDX 1.2 XML; Tocsin reads CycloneDX 1.4, 1.5 and 1.6",
		},
		// Trivy, ubuntu:latest: metadata.component (the image) + 102
		// components (1 operating-system, 101 deb libraries) = 103. The OS
		// component has no PURL, CPE or supplier.
		"cyclonedx/issue_9277.cdx.json": {
			format: "CycloneDX 1.5 JSON", name: "ubuntu:latest", components: 103, specs: 102, skipped: 1,
			samples: []sample{
				{Component{Name: "ubuntu:latest", Type: "container",
					PURL: "pkg:oci/ubuntu@sha256%3A6042500cf4b44023ea1894effe7890666b0c5c7871ed83a97c36c76ae560bb9b?arch=amd64&repository_url=index.docker.io%2Flibrary%2Fubuntu"},
					"pkg:oci/ubuntu@sha256:6042500cf4b44023ea1894effe7890666b0c5c7871ed83a97c36c76ae560bb9b"},
				{Component{Name: "ubuntu", Version: "22.04", Type: TypeOS}, ""},
				{Component{Name: "bsdutils", Version: "2.37.2-4ubuntu3", Supplier: "Ubuntu Developers", Type: TypeLibrary,
					PURL: "pkg:deb/ubuntu/bsdutils@2.37.2-4ubuntu3?arch=amd64&distro=ubuntu-22.04&epoch=1"},
					"pkg:deb/ubuntu/bsdutils@2.37.2-4ubuntu3"},
			},
		},
		// metadata.component (the demo project) + 62 composer libraries.
		"cyclonedx/laravel-7.12.0.bom.1.4.json": {
			format: "CycloneDX 1.4 JSON", name: "cyclonedx-php-composer-demo dev-master", components: 63, specs: 63,
			samples: laravelSamples(),
		},
		"cyclonedx/laravel-7.12.0.bom.1.4.xml": {
			format: "CycloneDX 1.4 XML", name: "cyclonedx-php-composer-demo dev-master", components: 63, specs: 63,
			samples: laravelSamples(),
		},
		// metadata.component (the source RPM) + 37 components (36 binary
		// RPMs of 6 arches and the upstream tarball). Dropping the arch
		// qualifier leaves 7 RPM names + pkg:generic/openssl = 8 SPECs.
		"cyclonedx/openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json": {
			format: "CycloneDX 1.6 JSON", name: "openssl 3.0.7-18.el9_2", components: 38, specs: 8,
			samples: []sample{
				{Component{Name: "openssl", Version: "3.0.7-18.el9_2", Supplier: redHat, Type: TypeLibrary,
					PURL: "pkg:rpm/redhat/openssl@3.0.7-18.el9_2?arch=src"}, "pkg:rpm/redhat/openssl@3.0.7-18.el9_2"},
				{Component{Name: "openssl-libs", Version: "3.0.7-18.el9_2", Supplier: redHat, Type: TypeLibrary,
					PURL: "pkg:rpm/redhat/openssl-libs@3.0.7-18.el9_2?arch=x86_64"}, "pkg:rpm/redhat/openssl-libs@3.0.7-18.el9_2"},
				{Component{Name: "openssl", Version: "3.0.7", Type: TypeApplication,
					PURL: "pkg:generic/openssl@3.0.7"}, "pkg:generic/openssl@3.0.7"},
			},
		},
		// metadata.component "Acme Application" (its supplier is
		// metadata.supplier) + 3 components; the pedigree ancestor of
		// tomcat-catalina is not a component.
		"cyclonedx/valid-bom-1.6.xml": {
			format: "CycloneDX 1.6 XML", name: "Acme Application 9.1.1", components: 4, specs: 4,
			samples: []sample{
				{Component{Name: "Acme Application", Version: "9.1.1", Supplier: "Acme, Inc.", Type: TypeApplication},
					"Acme, Inc./Acme Application@9.1.1"},
				{Component{Name: "mylibrary", Version: "1.0.0", Supplier: "Example Inc.", Type: TypeLibrary,
					PURL: "pkg:maven/com.example/myapplication@1.0.0?packaging=war", CPE: "cpe:/a:example:myapplication:1.0.0"},
					"pkg:maven/com.example/myapplication@1.0.0"},
				{Component{Name: "tomcat-catalina", Version: "9.0.14", Supplier: "Acme Inc", Type: TypeApplication,
					PURL: "pkg:maven/com.acme/tomcat-catalina@9.0.14?packaging=jar"}, "pkg:maven/com.acme/tomcat-catalina@9.0.14"},
			},
		},
		// A VEX: vulnerabilities only, no components and no metadata.
		"cyclonedx/vex.json": {format: "CycloneDX 1.4 JSON"},
		"spdx/04-SBOMwSecurity.spdx.json": {
			format: "SPDX 2.3 JSON", name: "SPDX Tools v1.1.5 Java SBOM", components: 2, specs: 2,
			samples: []sample{
				{Component{Name: "tools-java", Version: "1.5.1", Supplier: "SPDX",
					PURL: "pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc"},
					"pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc"},
				{Component{Name: "xlsx", Version: "0.16.6", Supplier: "Webjar", PURL: "pkg:maven/org.webjars.npm/xlsx@0.16.6"},
					"pkg:maven/org.webjars.npm/xlsx@0.16.6"},
			},
		},
		// 7 packages (and 10 files, not counted); Gradle and "Faust
		// Proprietary File" have no version, PURL or supplier.
		"spdx/appbomination.spdx.json": {
			format: "SPDX 2.2 JSON", name: "SpdxDoc for App-BOM-ination", components: 7, specs: 5, skipped: 2,
			samples: []sample{
				{Component{Name: "App-BOM-ination", Version: "1.0", Supplier: "ACT Project"}, "ACT Project/App-BOM-ination@1.0"},
				{Component{Name: "Gradle"}, ""},
				{Component{Name: "junit", Version: "4.12", PURL: "pkg:maven/junit/junit@4.12"}, "pkg:maven/junit/junit@4.12"},
			},
		},
		// 1 package without version, supplier or references (and 1 file).
		"spdx/example6-bin.spdx": {
			format: "SPDX 2.2 tag-value", name: "hello-go-bin", components: 1, skipped: 1,
			samples: []sample{{Component{Name: "hello-go-bin"}, ""}},
		},
		// 6 packages (and 2 files); JUnit's vendor is its originator; the
		// four Log4j/SLF4J packages have no version, PURL or supplier.
		"spdx/examplemaven-0.0.1-enriched.spdx.json": {
			format: "SPDX 2.3 JSON", name: "examplemaven", components: 6, specs: 2, skipped: 4,
			samples: []sample{
				{Component{Name: "JUnit", Version: "3.8.1", Supplier: "JUnit"}, "JUnit/JUnit@3.8.1"},
				{Component{Name: "examplemaven", Version: "0.0.1", Supplier: "SPDX", Type: TypeLibrary}, "SPDX/examplemaven@0.0.1"},
				{Component{Name: "Apache Log4j Core"}, ""},
			},
		},
		// 38 packages: the SRPM, 2 upstream sources, 35 binary RPMs.
		"spdx/openssl-3.0.7-18.el9_2.spdx.json": {
			format: "SPDX 2.3 JSON", name: "openssl-3.0.7-18.el9_2", components: 38, specs: 8,
			samples: []sample{
				{Component{Name: "openssl", Version: "3.0.7-18.el9_2", Supplier: redHat,
					PURL: "pkg:rpm/redhat/openssl@3.0.7-18.el9_2?arch=src"}, "pkg:rpm/redhat/openssl@3.0.7-18.el9_2"},
				{Component{Name: "openssl", Version: "3.0.7",
					PURL: "pkg:generic/openssl@3.0.7?download_url=https://openssl.org/source/openssl-3.0.7.tar.gz&checksum=SHA256:83049d042a260e696f62406ac5c08bf706fd84383f945cf21bd61e9ed95c396e"},
					"pkg:generic/openssl@3.0.7"},
				{Component{Name: "openssl-devel", Version: "3.0.7-18.el9_2", Supplier: redHat,
					PURL: "pkg:rpm/redhat/openssl-devel@3.0.7-18.el9_2?arch=s390x"}, "pkg:rpm/redhat/openssl-devel@3.0.7-18.el9_2"},
			},
		},
		// 1053 packages, every one with a Maven PURL; quarkus-bom also has a
		// CPE 2.2 (its PURL wins).
		"spdx/quarkus-bom-3.2.11.Final-redhat-00001.spdx.json": {
			format: "SPDX 2.3 JSON", name: "quarkus-bom-3.2.11.Final-redhat-00001", components: 1053, specs: 1053,
			samples: []sample{
				{Component{Name: "quarkus-bom", Version: "3.2.11.Final-redhat-00001", Supplier: redHat,
					PURL: "pkg:maven/com.redhat.quarkus.platform/quarkus-bom@3.2.11.Final-redhat-00001?repository_url=https://maven.repository.redhat.com/ga/&type=pom",
					CPE:  "cpe:/a:redhat:quarkus:3.2::el8"},
					"pkg:maven/com.redhat.quarkus.platform/quarkus-bom@3.2.11.Final-redhat-00001"},
				{Component{Name: "aesh", Version: "2.7.0.redhat-00002", Supplier: redHat,
					PURL: "pkg:maven/org.aesh/aesh@2.7.0.redhat-00002?repository_url=https://maven.repository.redhat.com/ga/&type=jar"},
					"pkg:maven/org.aesh/aesh@2.7.0.redhat-00002"},
			},
		},
		// 2 packages; supplier NOASSERTION reads as none.
		"spdx/spdx_one_vuln.spdx": {
			format: "SPDX 2.3 tag-value", name: "generic-image", components: 2, specs: 2,
			samples: []sample{
				{Component{Name: "alpine-baselayout", Version: "3.1.2-r0",
					PURL: "pkg:apk/alpine/alpine-baselayout@3.1.2-r0?arch=x86_64&distro=alpine-3.10.9",
					CPE:  "cpe:2.3:a:alpine-baselayout:alpine-baselayout:3.1.2-r0:*:*:*:*:*:*:*"},
					"pkg:apk/alpine/alpine-baselayout@3.1.2-r0"},
				{Component{Name: "alpine-keys", Version: "2.1-r2",
					PURL: "pkg:apk/alpine/alpine-keys@2.1-r2?arch=x86_64&distro=alpine-3.10.9"},
					"pkg:apk/alpine/alpine-keys@2.1-r2"},
			},
		},
	}
}

func laravelSamples() []sample {
	return []sample{
		{Component{Name: "cyclonedx-php-composer-demo", Version: "dev-master", Type: TypeApplication,
			PURL: "pkg:composer/cyclonedx/cyclonedx-php-composer-demo@dev-master"},
			"pkg:composer/cyclonedx/cyclonedx-php-composer-demo@dev-master"},
		{Component{Name: "stack-cors", Version: "1.3.0", Type: TypeLibrary, PURL: "pkg:composer/asm89/stack-cors@1.3.0"},
			"pkg:composer/asm89/stack-cors@1.3.0"},
		{Component{Name: "cron-expression", Version: "v2.3.1", Type: TypeLibrary, PURL: "pkg:composer/dragonmantank/cron-expression@v2.3.1"},
			"pkg:composer/dragonmantank/cron-expression@v2.3.1"},
	}
}

// TestCorpus parses every file under shared/corpus/sbom and compares it
// with what a reader finds in it; a file without a case fails the test.
func TestCorpus(t *testing.T) {
	t.Parallel()
	root := testutil.Corpus(t, "sbom")
	cases := corpusCases()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no files under %s", root)
	}
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			tc, ok := cases[rel]
			if !ok {
				t.Fatalf("corpus file %s has no case in corpusCases: count its components and add it", rel)
			}
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			if err != nil {
				t.Fatal(err)
			}
			checkCorpusFile(t, data, tc)
		})
	}
	for rel := range cases {
		if !slices.Contains(files, rel) {
			t.Errorf("case %s names no file under %s", rel, root)
		}
	}
}

func checkCorpusFile(t *testing.T, data []byte, tc corpusCase) {
	t.Helper()
	doc, err := Parse(data)
	if tc.err != nil {
		if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.errMsg) {
			t.Fatalf("Parse error = %v; want %v containing %q", err, tc.err, tc.errMsg)
		}
		return
	}
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if doc.Format != tc.format || doc.Name != tc.name {
		t.Errorf("format, name = %q, %q; want %q, %q", doc.Format, doc.Name, tc.format, tc.name)
	}
	if len(doc.Components) != tc.components {
		t.Errorf("%d components; want %d", len(doc.Components), tc.components)
	}
	specs, skipped := doc.Specs()
	if len(specs) != tc.specs || skipped != tc.skipped {
		t.Errorf("%d specs, %d skipped; want %d, %d", len(specs), skipped, tc.specs, tc.skipped)
	}
	for _, s := range specs {
		if _, err := product.ParseSpec(s); err != nil {
			t.Errorf("spec %q: %v", s, err)
		}
	}
	for _, sm := range tc.samples {
		if !slices.Contains(doc.Components, sm.c) {
			t.Errorf("component %+v not found", sm.c)
			for _, c := range doc.Components {
				if c.Name == sm.c.Name {
					t.Logf("  found %+v", c)
				}
			}
			continue
		}
		got, ok := sm.c.Spec()
		if got != sm.spec || ok != (sm.spec != "") {
			t.Errorf("%s %s: Spec() = %q, %v; want %q", sm.c.Name, sm.c.Version, got, ok, sm.spec)
		}
	}
}

// TestLaravelJSONAndXMLAgree checks that the two encodings of the same BOM
// give the same components.
func TestLaravelJSONAndXMLAgree(t *testing.T) {
	t.Parallel()
	dir := testutil.Corpus(t, "sbom/cyclonedx")
	var docs []Document
	for _, f := range []string{"laravel-7.12.0.bom.1.4.json", "laravel-7.12.0.bom.1.4.xml"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		docs = append(docs, d)
	}
	if !reflect.DeepEqual(docs[0].Components, docs[1].Components) {
		t.Errorf("JSON and XML components differ:\n%+v\n%+v", docs[0].Components, docs[1].Components)
	}
}
