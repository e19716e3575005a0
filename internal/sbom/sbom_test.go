package sbom

import (
	"bytes"
	"compress/gzip"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/product"
)

const nestedJSON = `{
  "bomFormat": "CycloneDX", "specVersion": "1.5",
  "metadata": {
    "supplier": {"name": "Acme Industrial GmbH"},
    "tools": {"components": [{"type": "application", "name": "some-scanner", "version": "9"}]},
    "component": {"type": "firmware", "name": "PLC-4000 firmware", "version": "2.4.1",
      "components": [{"type": "library", "name": "busybox", "version": "1.36.1",
        "cpe": "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*"}]}
  },
  "components": [
    {"type": "operating-system", "name": "linux", "version": "6.1.55",
     "manufacturer": {"name": "The Linux Foundation"},
     "components": [
       {"type": "library", "name": "openssl", "version": "3.0.11", "purl": "pkg:generic/openssl",
        "components": [{"type": "file", "name": "libssl.so.3", "version": "3.0.11", "publisher": "OpenSSL"}]}
     ]},
    {"type": "library", "name": "lodash", "version": "4.17.21", "purl": "pkg:npm/lodash@4.17.21"},
    {"type": "library", "name": "lodash", "version": "4.17.21", "purl": "pkg:npm/lodash@4.17.21?foo=bar"}
  ]
}`

const nestedXML = `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
  <metadata>
    <tools><components><component type="application"><name>some-scanner</name><version>9</version></component></components></tools>
    <component type="firmware">
      <name>PLC-4000 firmware</name><version>2.4.1</version>
      <components>
        <component type="library"><name>busybox</name><version>1.36.1</version>
          <cpe>cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*</cpe></component>
      </components>
    </component>
    <supplier><name>Acme Industrial GmbH</name></supplier>
  </metadata>
  <components>
    <component type="operating-system">
      <manufacturer><name>The Linux Foundation</name></manufacturer>
      <name>linux</name><version>6.1.55</version>
      <components>
        <component type="library"><name>openssl</name><version>3.0.11</version><purl>pkg:generic/openssl</purl>
          <components><component type="file"><publisher>OpenSSL</publisher><name>libssl.so.3</name><version>3.0.11</version></component></components>
        </component>
      </components>
    </component>
    <component type="library"><name>lodash</name><version>4.17.21</version><purl>pkg:npm/lodash@4.17.21</purl></component>
    <component type="library"><name>lodash</name><version>4.17.21</version><purl><![CDATA[pkg:npm/lodash@4.17.21?foo=bar]]></purl></component>
  </components>
</bom>`

// TestNestedCycloneDX checks nested components, metadata.component with
// its own components, tools left out, in both encodings.
func TestNestedCycloneDX(t *testing.T) {
	t.Parallel()
	want := []Component{
		{Name: "PLC-4000 firmware", Version: "2.4.1", Supplier: "Acme Industrial GmbH", Type: TypeFirmware},
		{Name: "busybox", Version: "1.36.1", CPE: "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", Type: TypeLibrary},
		{Name: "linux", Version: "6.1.55", Supplier: "The Linux Foundation", Type: TypeOS},
		{Name: "openssl", Version: "3.0.11", PURL: "pkg:generic/openssl", Type: TypeLibrary},
		{Name: "libssl.so.3", Version: "3.0.11", Supplier: "OpenSSL", Type: TypeFile},
		{Name: "lodash", Version: "4.17.21", PURL: "pkg:npm/lodash@4.17.21", Type: TypeLibrary},
		{Name: "lodash", Version: "4.17.21", PURL: "pkg:npm/lodash@4.17.21?foo=bar", Type: TypeLibrary},
	}
	wantSpecs := []string{
		"Acme Industrial GmbH/PLC-4000 firmware@2.4.1",
		"cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*",
		"The Linux Foundation/linux@6.1.55",
		"pkg:generic/openssl@3.0.11",
		"pkg:npm/lodash@4.17.21",
	}
	for _, tc := range []struct{ format, doc string }{
		{"CycloneDX 1.5 JSON", nestedJSON},
		{"CycloneDX 1.5 XML", nestedXML},
	} {
		d, err := Parse([]byte(tc.doc))
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		if d.Format != tc.format || d.Name != "PLC-4000 firmware 2.4.1" {
			t.Errorf("%s: format, name = %q, %q", tc.format, d.Format, d.Name)
		}
		if !reflect.DeepEqual(d.Components, want) {
			t.Errorf("%s: components\n got %+v\nwant %+v", tc.format, d.Components, want)
		}
		specs, skipped := d.Specs()
		// The file gives no SPEC; the second lodash is a duplicate.
		if !reflect.DeepEqual(specs, wantSpecs) || skipped != 1 {
			t.Errorf("%s: Specs() = %q, %d skipped; want %q, 1", tc.format, specs, skipped, wantSpecs)
		}
	}
}

const tagValue = `SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: plant-floor
DocumentComment: <text>A comment
PackageName: not-a-package
</text>

# a comment line
PackageName: ruggedcom-rox
SPDXID: SPDXRef-rox
PackageVersion: 2.14.1
PackageSupplier: Organization: Siemens AG (productcert@siemens.com)
PrimaryPackagePurpose: FIRMWARE
PackageDescription: <text>Line one.
ExternalRef: PACKAGE-MANAGER purl pkg:npm/wrong@1.0.0
</text>
ExternalRef: SECURITY cpe22Type cpe:/o:siemens:ruggedcom_rox_rx1500

FileName: ./firmware.bin
SPDXID: SPDXRef-file
FileChecksum: SHA1: 78ed46e8e6f86f19d3a6782979029be5f918235f

PackageName: zlib
SPDXID: SPDXRef-zlib
PackageVersion: NOASSERTION
PackageSupplier: NOASSERTION
PackageOriginator: Person: Mark Adler
ExternalRef: PACKAGE-MANAGER purl pkg:generic/zlib
ExternalRef: SECURITY cpe23Type cpe:2.3:a:zlib:zlib:1.3:*:*:*:*:*:*:*

PackageName: docs
PackageVersion: 1
`

func TestTagValue(t *testing.T) {
	t.Parallel()
	d, err := Parse([]byte(tagValue))
	if err != nil {
		t.Fatal(err)
	}
	want := []Component{
		{Name: "ruggedcom-rox", Version: "2.14.1", Supplier: "Siemens AG", Type: TypeFirmware, CPE: "cpe:/o:siemens:ruggedcom_rox_rx1500"},
		{Name: "zlib", Supplier: "Mark Adler", PURL: "pkg:generic/zlib", CPE: "cpe:2.3:a:zlib:zlib:1.3:*:*:*:*:*:*:*"},
		{Name: "docs", Version: "1"},
	}
	if d.Format != "SPDX 2.3 tag-value" || d.Name != "plant-floor" || !reflect.DeepEqual(d.Components, want) {
		t.Errorf("got %q %q %+v\nwant %+v", d.Format, d.Name, d.Components, want)
	}
	specs, skipped := d.Specs()
	// A version-less package URL names every version.
	wantSpecs := []string{"cpe:2.3:o:siemens:ruggedcom_rox_rx1500:2.14.1:*:*:*:*:*:*:*", "pkg:generic/zlib"}
	if !reflect.DeepEqual(specs, wantSpecs) || skipped != 1 {
		t.Errorf("Specs() = %q, %d; want %q, 1", specs, skipped, wantSpecs)
	}
}

func TestSPDXJSONRefTypes(t *testing.T) {
	t.Parallel()
	doc := `{"spdxVersion": "SPDX-2.2", "name": "x", "packages": [
	  {"name": "a", "versionInfo": "1.0", "supplier": "NOASSERTION", "originator": "Organization: Example Corp",
	   "primaryPackagePurpose": "OPERATING_SYSTEM",
	   "externalRefs": [
	     {"referenceCategory": "SECURITY", "referenceType": "http://spdx.org/rdf/references/cpe22Type", "referenceLocator": "cpe:/a:example:a:1.0"},
	     {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:example:a:1.0:*:*:*:*:*:*:*"},
	     {"referenceCategory": "OTHER", "referenceType": "swh", "referenceLocator": "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2"}]}]}`
	d, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []Component{{Name: "a", Version: "1.0", Supplier: "Example Corp", Type: TypeOS, CPE: "cpe:2.3:a:example:a:1.0:*:*:*:*:*:*:*"}}
	if d.Format != "SPDX 2.2 JSON" || !reflect.DeepEqual(d.Components, want) {
		t.Errorf("got %q %+v", d.Format, d.Components)
	}
}

func TestSpec(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		c    Component
		want string
	}{
		{"purl with version", Component{Name: "lodash", Version: "4.17.21", PURL: "pkg:npm/lodash@4.17.21"}, "pkg:npm/lodash@4.17.21"},
		{"purl takes the component version", Component{Name: "lodash", Version: "4.17.21", PURL: "pkg:npm/lodash"}, "pkg:npm/lodash@4.17.21"},
		{"purl version wins", Component{Version: "9", PURL: "pkg:npm/lodash@4.17.21"}, "pkg:npm/lodash@4.17.21"},
		{"purl qualifiers and subpath dropped", Component{PURL: "pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64&distro=debian-12#usr/bin"}, "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5"},
		{"scoped npm", Component{PURL: "pkg:npm/%40angular/core@17.0.1"}, "pkg:npm/%40angular/core@17.0.1"},
		{"purl beats CPE and vendor", Component{Name: "x", Version: "1", Supplier: "Acme", PURL: "pkg:pypi/x@1", CPE: "cpe:2.3:a:acme:x:1:*:*:*:*:*:*:*"}, "pkg:pypi/x@1"},
		{"bad purl falls back to CPE", Component{Version: "1.2", PURL: "pkg:", CPE: "cpe:2.3:a:acme:x:*:*:*:*:*:*:*:*"}, "cpe:2.3:a:acme:x:1.2:*:*:*:*:*:*:*"},
		{"CPE version kept", Component{Version: "9", CPE: "cpe:2.3:a:acme:x:1.2:*:*:*:*:*:*:*"}, "cpe:2.3:a:acme:x:1.2:*:*:*:*:*:*:*"},
		{"short CPE padded", Component{Version: "1.2", CPE: "cpe:2.3:a:acme:x"}, "cpe:2.3:a:acme:x:1.2:*:*:*:*:*:*:*"},
		{"CPE version escaped", Component{Version: "1.2 (build 7)", CPE: "cpe:2.3:a:acme:x:*:*:*:*:*:*:*:*"}, `cpe:2.3:a:acme:x:1.2_\(build_7\):*:*:*:*:*:*:*`},
		{"CPE escapes kept", Component{CPE: `cpe:2.3:a:acme:x\:y:1.0:*:*:*:*:*:*:*`}, `cpe:2.3:a:acme:x\:y:1.0:*:*:*:*:*:*:*`},
		{"CPE 2.2 converted", Component{Version: "3.2.11", CPE: "cpe:/a:redhat:quarkus:3.2::el8"}, "cpe:2.3:a:redhat:quarkus:3.2:*:el8:*:*:*:*:*"},
		{"CPE 2.2 gets version", Component{Version: "1.0.2k", CPE: "cpe:/a:openssl:openssl"}, "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*"},
		{"CPE 2.2 packed edition", Component{CPE: "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~"}, "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*"},
		{"CPE 2.2 percent-encoding", Component{CPE: "cpe:/a:foo%21bar:baz:1.0"}, `cpe:2.3:a:foo\!bar:baz:1.0:*:*:*:*:*:*:*`},
		{"bad CPE falls back to vendor", Component{Name: "x", Version: "1", Supplier: "Acme", CPE: "cpe:2.3:a"}, "Acme/x@1"},
		{"vendor", Component{Name: "SIMATIC S7-1500", Version: "2.9.4", Supplier: "Siemens AG"}, "Siemens AG/SIMATIC S7-1500@2.9.4"},
		{"vendor with slash", Component{Name: "x", Version: "1", Supplier: "A/B Corp"}, "A B Corp/x@1"},
		{"vendor, no version", Component{Name: "Widget", Supplier: "Acme"}, "Acme/Widget"},
		{"vendor, version with no digit", Component{Name: "Widget", Version: "latest", Supplier: "Acme"}, ""},
		{"vendor, version that reads as a range", Component{Name: "Widget", Version: ">=2", Supplier: "Acme"}, ""},
		{"no vendor", Component{Name: "Widget", Version: "1.0"}, ""},
		{"no name", Component{Version: "1.0", Supplier: "Acme"}, ""},
		{"file", Component{Name: "libssl.so.3", Version: "3.0.11", Supplier: "OpenSSL", Type: TypeFile}, ""},
		{"file with a purl", Component{Name: "libssl.so.3", Type: TypeFile, PURL: "pkg:generic/openssl@3.0.11"}, "pkg:generic/openssl@3.0.11"},
		{"nothing", Component{}, ""},
	} {
		got, ok := tc.c.Spec()
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: Spec() = %q, %v; want %q", tc.name, got, ok, tc.want)
			continue
		}
		if ok {
			if _, err := product.ParseSpec(got); err != nil {
				t.Errorf("%s: %q does not parse: %v", tc.name, got, err)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"bomFormat":"CycloneDX"}`))
	zw.Close()
	for _, tc := range []struct {
		name string
		doc  string
		err  error
		msg  string
	}{
		{"empty", "", ErrEmpty, "empty"},
		{"blank", " \n\t\n", ErrEmpty, "empty"},
		{"byte order mark only", "\xef\xbb\xbf\n", ErrEmpty, "empty"},
		{"plain text", "hello world\n", ErrUnknownFormat, `neither JSON, XML nor SPDX tag-value`},
		{"binary", "\x00\x01\x02abc", ErrUnknownFormat, "binary data"},
		{"gzip", gz.String(), ErrUnknownFormat, "gzip-compressed"},
		{"zip", "PK\x03\x04\x14\x00", ErrUnknownFormat, "ZIP archive"},
		{"JSON array", `[{"bomFormat": "CycloneDX"}]`, ErrUnknownFormat, "JSON array"},
		{"broken JSON", "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": 1.5,,\n}", ErrUnknownFormat, "invalid JSON at line 3"},
		{"other JSON", `{"name": "x"}`, ErrUnknownFormat, `neither "bomFormat" (CycloneDX) nor "spdxVersion" (SPDX)`},
		{"CSAF", `{"document": {"csaf_version": "2.0"}}`, ErrUnknownFormat, "CSAF advisory"},
		{"bomFormat not CycloneDX", `{"bomFormat": "SPDX", "specVersion": "1.5"}`, ErrUnknownFormat, `"bomFormat": "SPDX"`},
		{"CycloneDX 1.2 JSON", `{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": []}`, ErrUnsupported, "found CycloneDX 1.2 JSON; Tocsin reads CycloneDX 1.4, 1.5 and 1.6"},
		{"CycloneDX 1.7 JSON", `{"bomFormat": "CycloneDX", "specVersion": "1.7"}`, ErrUnsupported, "found CycloneDX 1.7 JSON"},
		{"CycloneDX without version", `{"bomFormat": "CycloneDX"}`, ErrUnsupported, "CycloneDX JSON without a specification version"},
		{"CycloneDX version not a string", `{"bomFormat": "CycloneDX", "specVersion": 1.5}`, ErrUnknownFormat, `found JSON whose "specVersion" is a number, not a string`},
		{"CycloneDX malformed", `{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": "lodash"}`, nil, "read CycloneDX 1.5 JSON"},
		{"CycloneDX 1.3 XML", `<bom xmlns="http://cyclonedx.org/schema/bom/1.3"><components/></bom>`, ErrUnsupported, "found CycloneDX 1.3 XML"},
		{"CycloneDX XML without namespace", `<bom version="1"><components/></bom>`, ErrUnknownFormat, `XML root <bom> in namespace ""`},
		{"CycloneDX XML malformed", `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component></components></bom>`, nil, "read CycloneDX 1.6 XML"},
		{"other XML", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>`, ErrUnknownFormat, "XML root <feed>"},
		{"broken XML", `<`, ErrUnknownFormat, "invalid XML"},
		{"SPDX RDF", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:spdx="http://spdx.org/rdf/terms#"/>`, ErrUnsupported, "SPDX RDF/XML"},
		{"SPDX 2.1 JSON", `{"spdxVersion": "SPDX-2.1", "packages": []}`, ErrUnsupported, "found SPDX 2.1 JSON; Tocsin reads"},
		{"SPDX 3.0 in a 2.x field", `{"spdxVersion": "SPDX-3.0"}`, ErrUnsupported, "found SPDX 3.0 JSON"},
		{"SPDX bad version", `{"spdxVersion": "2.3"}`, ErrUnsupported, `version "2.3"`},
		{"SPDX 3 JSON-LD", `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`, ErrUnsupported, "found SPDX 3 JSON-LD"},
		{"SPDX 2.1 tag-value", "SPDXVersion: SPDX-2.1\nDocumentName: x\n", ErrUnsupported, "found SPDX 2.1 tag-value"},
		{"SPDX 3.0 tag-value", "SPDXVersion: SPDX-3.0\n", ErrUnsupported, "found SPDX 3.0 tag-value"},
		{"SPDX YAML", "spdxVersion: SPDX-2.3\nname: x\n", ErrUnsupported, "SPDX in YAML"},
		{"tag-value garbage line", "SPDXVersion: SPDX-2.3\nPackageName: x\nthis is not a tag\n", nil, `read SPDX 2.3 tag-value: line 3: "this is not a tag"`},
		{"tag-value open text", "SPDXVersion: SPDX-2.3\nPackageComment: <text>never closed\n", nil, "not closed with </text>"},
	} {
		_, err := Parse([]byte(tc.doc))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("%s: error %q is not %q", tc.name, err, tc.err)
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %q lacks %q", tc.name, err, tc.msg)
		}
	}
}

func TestEmptyDocuments(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ doc, format string }{
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6"}`, "CycloneDX 1.6 JSON"},
		{`<bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`, "CycloneDX 1.4 XML"},
		{`{"spdxVersion": "SPDX-2.3", "name": "n"}`, "SPDX 2.3 JSON"},
		{"SPDXVersion: SPDX-2.2\n", "SPDX 2.2 tag-value"},
	} {
		d, err := Parse([]byte(tc.doc))
		if err != nil || d.Format != tc.format || len(d.Components) != 0 {
			t.Errorf("%s: %+v, %v; want %s without components", tc.doc, d, err, tc.format)
		}
	}
}
