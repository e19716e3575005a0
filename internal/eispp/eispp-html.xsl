<?xml version="1.0" encoding="UTF-8"?>
<!--
  Tocsin EISPP XML (version tocsin-1.0) to HTML: an XSLT 1.0 stylesheet.

  It turns one EISPPAdvisory document into a self-contained HTML page: no
  script, no external style sheet, font or image. The page starts with the
  basic section (what it is, how bad, who is affected, what to do), for
  readers who are not security experts; the technical details follow.

  Use:
    xsltproc eispp-html.xsl advisory.xml > advisory.html
  To leave the technical details out, set the parameter level to basic
  (xsltproc's stringparam option: stringparam level basic).

  Operators may adapt it: the labels are plain English text in the
  templates below, the look is the style element in the page head, and the
  parameters at the top set the level and how long the lists get. Only
  links to http and https addresses are made; other addresses are shown as
  text. See docs/eispp-xml.md.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:e="urn:tocsin:eispp:1.0"
    exclude-result-prefixes="e">

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <!-- basic: the basic section only; expert (default): everything. -->
  <xsl:param name="level" select="'expert'"/>
  <!-- How many product lines the basic section lists. -->
  <xsl:param name="max-products" select="15"/>
  <!-- How many versions of one product the basic section lists. -->
  <xsl:param name="max-versions" select="5"/>
  <!-- How many product names a score, threat or remediation lists. -->
  <xsl:param name="max-names" select="10"/>

  <xsl:key name="system" match="e:System" use="@id"/>
  <xsl:key name="vulnerability" match="e:Vulnerability" use="@id"/>
  <xsl:key name="remedy" match="e:Remediation" use="concat(@category, '|', e:Details, '|', e:URL)"/>
  <xsl:key name="status" match="e:Status" use="concat(@vulnerability, '|', normalize-space(.))"/>
  <xsl:key name="group" match="e:SystemList/e:Vendor/e:Product" use="concat(../@name, '|', @name)"/>
  <xsl:key name="label" match="e:SystemList/e:Vendor/e:Product/e:System" use="concat(../../@name, '|', ../@name, '|', e:Version, '|', e:VersionRange, '|', e:Platform)"/>

  <!-- ============================================================ page -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="e:EISPPAdvisory">
        <xsl:apply-templates select="e:EISPPAdvisory"/>
      </xsl:when>
      <xsl:otherwise>
        <html><head><title>Not an advisory</title></head>
          <body><p>This is not a Tocsin EISPP XML document (root element EISPPAdvisory in namespace urn:tocsin:eispp:1.0).</p></body>
        </html>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="e:EISPPAdvisory">
    <xsl:variable name="ident" select="e:IdentificationData"/>
    <html>
      <xsl:if test="normalize-space($ident/e:Language)">
        <xsl:attribute name="lang"><xsl:value-of select="normalize-space($ident/e:Language)"/></xsl:attribute>
      </xsl:if>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:value-of select="$ident/e:ReferenceNumber"/>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="$ident/e:Title"/>
        </title>
        <style>
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; margin: 0.4rem 0; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #444; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
h4 { font-size: 1rem; margin: 0.8rem 0 0.3rem; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.1rem 1rem; margin: 0.5rem 0; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.text { white-space: pre-wrap; margin: 0.3rem 0 0.8rem; }
.tlp { display: inline-block; background: #000; font-weight: bold; padding: 0.1rem 0.5rem; font-family: monospace; }
.tlp-CLEAR, .tlp-UNLABELED { color: #fff; }
.tlp-GREEN { color: #33ff00; }
.tlp-AMBER, .tlp-AMBER-STRICT { color: #ffc000; }
.tlp-RED { color: #ff2b2b; }
.severity { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
code { overflow-wrap: anywhere; }
section.basic { background: #f6f8fa; padding: 0.2rem 1rem 0.6rem; border-radius: 0.4rem; }
footer { margin-top: 2rem; font-size: 0.85rem; color: #555; }
        </style>
      </head>
      <body>
        <header>
          <xsl:call-template name="tlp"/>
          <h1><xsl:value-of select="$ident/e:Title"/></h1>
          <dl class="meta">
            <dt>Reference</dt>
            <dd>
              <xsl:value-of select="$ident/e:ReferenceNumber"/>
              <xsl:if test="$ident/e:Alias">
                <xsl:text> (also </xsl:text>
                <xsl:for-each select="$ident/e:Alias">
                  <xsl:if test="position() > 1">, </xsl:if>
                  <xsl:value-of select="."/>
                </xsl:for-each>
                <xsl:text>)</xsl:text>
              </xsl:if>
            </dd>
            <dt>Version</dt>
            <dd>
              <xsl:value-of select="$ident/e:Version"/>
              <xsl:if test="normalize-space($ident/e:Status) and $ident/e:Status != 'final'">
                <xsl:text> (</xsl:text><xsl:value-of select="$ident/e:Status"/><xsl:text>)</xsl:text>
              </xsl:if>
            </dd>
            <dt>Issuer</dt>
            <dd><xsl:value-of select="$ident/e:Issuer/e:Name"/></dd>
            <xsl:if test="$ident/e:InitialRelease">
              <dt>First published</dt>
              <dd><xsl:value-of select="substring($ident/e:InitialRelease, 1, 10)"/></dd>
            </xsl:if>
            <xsl:if test="$ident/e:CurrentRelease">
              <dt>Last updated</dt>
              <dd><xsl:value-of select="substring($ident/e:CurrentRelease, 1, 10)"/></dd>
            </xsl:if>
          </dl>
        </header>
        <main>
          <xsl:call-template name="basic"/>
          <xsl:if test="$level != 'basic'">
            <xsl:call-template name="expert"/>
          </xsl:if>
        </main>
        <footer>
          <p>
            <xsl:text>Rendered from EISPP XML (</xsl:text>
            <xsl:value-of select="@version"/>
            <xsl:text>) issued by </xsl:text>
            <xsl:value-of select="$ident/e:Issuer/e:Name"/>
            <xsl:text>.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="tlp">
    <xsl:variable name="label">
      <xsl:choose>
        <xsl:when test="normalize-space(e:IdentificationData/e:TLP)">
          <xsl:value-of select="normalize-space(e:IdentificationData/e:TLP)"/>
        </xsl:when>
        <xsl:otherwise>UNLABELED</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <p class="tlp tlp-{translate($label, '+', '-')}">TLP:<xsl:value-of select="$label"/></p>
  </xsl:template>

  <!-- ============================================================ basic section -->

  <xsl:template name="basic">
    <xsl:variable name="desc" select="e:Description"/>
    <section class="basic" id="summary">
      <h2>Summary</h2>

      <h3>What is it?</h3>
      <xsl:choose>
        <xsl:when test="$desc/e:Description/e:Note">
          <xsl:apply-templates select="$desc/e:Description/e:Note"/>
        </xsl:when>
        <xsl:when test="$desc/e:TechnicalInformation/e:Note[@category = 'general']">
          <xsl:apply-templates select="$desc/e:TechnicalInformation/e:Note[@category = 'general'][1]"/>
        </xsl:when>
        <xsl:when test="e:VulnerabilityClassification/e:Vulnerability/e:Title">
          <ul>
            <xsl:for-each select="e:VulnerabilityClassification/e:Vulnerability[e:Title]">
              <li><xsl:value-of select="e:Title"/></li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p>The advisory gives no description.</p></xsl:otherwise>
      </xsl:choose>

      <h3>How bad is it?</h3>
      <xsl:call-template name="risk"/>

      <h3>Who is affected?</h3>
      <xsl:call-template name="affected"/>

      <h3>What to do?</h3>
      <xsl:call-template name="todo"/>
    </section>
  </xsl:template>

  <xsl:template name="risk">
    <xsl:variable name="class" select="e:VulnerabilityClassification"/>
    <dl class="meta">
      <xsl:for-each select="$class/e:Vulnerability/e:Score">
        <xsl:sort select="number(not(@cvss_version = '2.0'))" data-type="number" order="descending"/>
        <xsl:sort select="@base_score" data-type="number" order="descending"/>
        <xsl:if test="position() = 1">
          <dt>Severity</dt>
          <dd>
            <span class="severity">
              <xsl:call-template name="severity">
                <xsl:with-param name="score" select="number(@base_score)"/>
              </xsl:call-template>
            </span>
            <xsl:text> (highest CVSS</xsl:text>
            <xsl:if test="@cvss_version"><xsl:text> v</xsl:text><xsl:value-of select="@cvss_version"/></xsl:if>
            <xsl:text> base score </xsl:text>
            <xsl:value-of select="@base_score"/>
            <xsl:text>)</xsl:text>
          </dd>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="normalize-space($class/e:RiskRating)">
        <dt>Issuer's rating</dt>
        <dd><xsl:value-of select="$class/e:RiskRating"/></dd>
      </xsl:if>
      <xsl:if test="$class/e:Vulnerability/@cve">
        <dt>CVE</dt>
        <dd>
          <xsl:for-each select="$class/e:Vulnerability/@cve">
            <xsl:if test="position() > 1">, </xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </dd>
      </xsl:if>
      <xsl:if test="$class/e:Vulnerability/e:Threat[@category = 'exploit_status']">
        <dt>Exploitation</dt>
        <dd>
          <xsl:for-each select="$class/e:Vulnerability/e:Threat[@category = 'exploit_status']">
            <div class="text"><xsl:value-of select="e:Details"/></div>
          </xsl:for-each>
        </dd>
      </xsl:if>
    </dl>
    <xsl:if test="not($class/e:Vulnerability/e:Score) and not(normalize-space($class/e:RiskRating))">
      <p>The advisory gives no rating.</p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="severity">
    <xsl:param name="score"/>
    <xsl:choose>
      <xsl:when test="$score &gt;= 9">Critical</xsl:when>
      <xsl:when test="$score &gt;= 7">High</xsl:when>
      <xsl:when test="$score &gt;= 4">Medium</xsl:when>
      <xsl:when test="$score &gt; 0">Low</xsl:when>
      <xsl:otherwise>None</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Who is affected: the product groups with a product that is affected
       or under investigation; when there is none, the fixed products, or
       else the products not affected (some issuers list only those). -->
  <xsl:template name="affected">
    <xsl:variable name="list" select="e:Description/e:TechnicalContext/e:SystemList/e:Vendor/e:Product"/>
    <xsl:variable name="notifying" select="' known_affected first_affected last_affected under_investigation '"/>
    <xsl:variable name="fixed" select="' fixed first_fixed '"/>
    <xsl:variable name="unaffected" select="' known_not_affected '"/>
    <xsl:choose>
      <xsl:when test="$list/e:System/e:Status[contains($notifying, concat(' ', normalize-space(.), ' '))]">
        <xsl:call-template name="product-lines">
          <xsl:with-param name="statuses" select="$notifying"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$list/e:System/e:Status[contains($fixed, concat(' ', normalize-space(.), ' '))]">
        <p>The advisory lists no product as affected. It names these as fixed:</p>
        <xsl:call-template name="product-lines">
          <xsl:with-param name="statuses" select="$fixed"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$list/e:System/e:Status[contains($unaffected, concat(' ', normalize-space(.), ' '))]">
        <p>The advisory lists no product as affected. It names these as not affected:</p>
        <xsl:call-template name="product-lines">
          <xsl:with-param name="statuses" select="$unaffected"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p>The advisory lists no product as affected.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One line per vendor and product with a System whose status is in
       statuses (space-separated, with spaces around), up to max-products
       lines: vendor, product, and the versions concerned. Product groups
       of the same vendor and name are merged. -->
  <xsl:template name="product-lines">
    <xsl:param name="statuses"/>
    <xsl:variable name="groups" select="e:Description/e:TechnicalContext/e:SystemList/e:Vendor/e:Product[e:System/e:Status[contains($statuses, concat(' ', normalize-space(.), ' '))]][generate-id() = generate-id(key('group', concat(../@name, '|', @name))[e:System/e:Status[contains($statuses, concat(' ', normalize-space(.), ' '))]][1])]"/>
    <ul>
      <xsl:for-each select="$groups[position() &lt;= $max-products]">
        <xsl:variable name="group" select="@name"/>
        <xsl:variable name="systems" select="key('group', concat(../@name, '|', @name))/e:System[e:Status[contains($statuses, concat(' ', normalize-space(.), ' '))]]"/>
        <!-- The systems with something to show beside the product name,
             one per version, range and platform. -->
        <xsl:variable name="labelled" select="$systems[(normalize-space(e:Version) and e:Version != $group) or normalize-space(e:VersionRange) or normalize-space(e:Platform) or (normalize-space(e:Name) and e:Name != $group)][generate-id() = generate-id(key('label', concat(../../@name, '|', ../@name, '|', e:Version, '|', e:VersionRange, '|', e:Platform))[e:Status[contains($statuses, concat(' ', normalize-space(.), ' '))]][1])]"/>
        <li>
          <xsl:if test="normalize-space(../@name) and not(starts-with($group, ../@name))">
            <xsl:value-of select="../@name"/>
            <xsl:text> </xsl:text>
          </xsl:if>
          <strong><xsl:value-of select="$group"/></strong>
          <xsl:if test="$labelled">
            <xsl:text>: </xsl:text>
            <xsl:for-each select="$labelled[position() &lt;= $max-versions]">
              <xsl:if test="position() > 1">; </xsl:if>
              <xsl:call-template name="version-label"/>
              <xsl:if test="e:Status = 'under_investigation' and not(e:Status[. = 'known_affected' or . = 'first_affected' or . = 'last_affected'])">
                <xsl:text> (under investigation)</xsl:text>
              </xsl:if>
            </xsl:for-each>
            <xsl:if test="count($labelled) &gt; $max-versions">
              <xsl:text>; and </xsl:text>
              <xsl:value-of select="count($labelled) - $max-versions"/>
              <xsl:text> more</xsl:text>
            </xsl:if>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ul>
    <xsl:if test="count($groups) &gt; $max-products">
      <p>
        <xsl:text>And </xsl:text>
        <xsl:value-of select="count($groups) - $max-products"/>
        <xsl:text> more products</xsl:text>
        <xsl:if test="$level != 'basic'"> (see Products below)</xsl:if>
        <xsl:text>.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- What tells a System from the others of its product group: its
       version or range (or its name if it has neither), and the platform it
       is a component of. -->
  <xsl:template name="version-label">
    <xsl:variable name="group" select="../@name"/>
    <xsl:choose>
      <xsl:when test="normalize-space(e:Version) and e:Version != $group"><xsl:value-of select="e:Version"/></xsl:when>
      <xsl:when test="normalize-space(e:VersionRange)"><xsl:value-of select="e:VersionRange"/></xsl:when>
      <xsl:when test="normalize-space(e:Platform)"/>
      <xsl:when test="normalize-space(e:Name) and e:Name != $group"><xsl:value-of select="e:Name"/></xsl:when>
    </xsl:choose>
    <xsl:if test="normalize-space(e:Platform)">
      <xsl:if test="(normalize-space(e:Version) and e:Version != $group) or normalize-space(e:VersionRange)">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="e:Relationship = 'installed_on'">on </xsl:when>
        <xsl:when test="e:Relationship = 'installed_with' or e:Relationship = 'external_component_of'">with </xsl:when>
        <xsl:otherwise>in </xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="e:Platform"/>
    </xsl:if>
  </xsl:template>

  <!-- The distinct remediations, by category. -->
  <xsl:template name="todo">
    <xsl:variable name="unique" select="e:Solution/e:Remediation[generate-id() = generate-id(key('remedy', concat(@category, '|', e:Details, '|', e:URL))[1])]"/>
    <xsl:choose>
      <xsl:when test="$unique">
        <xsl:call-template name="todo-category">
          <xsl:with-param name="items" select="$unique[@category = 'vendor_fix']"/>
          <xsl:with-param name="label">Install the fix</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="todo-category">
          <xsl:with-param name="items" select="$unique[@category = 'mitigation']"/>
          <xsl:with-param name="label">Mitigation</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="todo-category">
          <xsl:with-param name="items" select="$unique[@category = 'workaround']"/>
          <xsl:with-param name="label">Workaround</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="todo-category">
          <xsl:with-param name="items" select="$unique[@category = 'none_available']"/>
          <xsl:with-param name="label">No fix available</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="todo-category">
          <xsl:with-param name="items" select="$unique[@category = 'no_fix_planned']"/>
          <xsl:with-param name="label">No fix planned</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="todo-category">
          <xsl:with-param name="items" select="$unique[not(@category = 'vendor_fix' or @category = 'mitigation' or @category = 'workaround' or @category = 'none_available' or @category = 'no_fix_planned')]"/>
          <xsl:with-param name="label">Other advice</xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p>The advisory names no remediation.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="todo-category">
    <xsl:param name="items"/>
    <xsl:param name="label"/>
    <xsl:if test="$items">
      <h4><xsl:value-of select="$label"/></h4>
      <xsl:for-each select="$items">
        <div class="remedy">
          <xsl:if test="normalize-space(e:Details)">
            <div class="text"><xsl:value-of select="e:Details"/></div>
          </xsl:if>
          <xsl:if test="normalize-space(e:URL)">
            <p>
              <xsl:call-template name="link">
                <xsl:with-param name="url" select="e:URL"/>
              </xsl:call-template>
            </p>
          </xsl:if>
        </div>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ expert section -->

  <xsl:template name="expert">
    <xsl:variable name="desc" select="e:Description"/>
    <section class="expert" id="details">
      <h2>Technical details</h2>

      <xsl:for-each select="e:VulnerabilityClassification/e:Vulnerability">
        <xsl:call-template name="vulnerability"/>
      </xsl:for-each>

      <xsl:if test="$desc/e:TechnicalInformation/e:Note">
        <h3>Technical information</h3>
        <xsl:apply-templates select="$desc/e:TechnicalInformation/e:Note"/>
      </xsl:if>

      <xsl:if test="$desc/e:TechnicalContext/e:SystemList/e:Vendor/e:Product/e:System or $desc/e:TechnicalContext/e:UnlistedSystems/e:System">
        <h3 id="products">Products</h3>
        <xsl:call-template name="products"/>
      </xsl:if>

      <xsl:call-template name="publication"/>

      <xsl:if test="e:References/e:Link[not(@vulnerability)]">
        <h3>References</h3>
        <ul>
          <xsl:for-each select="e:References/e:Link[not(@vulnerability)]">
            <li><xsl:call-template name="reference"/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <xsl:if test="e:Acknowledgments/e:Acknowledgment">
        <h3>Acknowledgments</h3>
        <ul>
          <xsl:for-each select="e:Acknowledgments/e:Acknowledgment">
            <li><xsl:value-of select="."/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <xsl:if test="e:RevisionHistory/e:Revision">
        <h3>Revision history</h3>
        <table>
          <tr><th>Version</th><th>Date</th><th>Summary</th></tr>
          <xsl:for-each select="e:RevisionHistory/e:Revision">
            <tr>
              <td><xsl:value-of select="@number"/></td>
              <td><xsl:value-of select="substring(@date, 1, 10)"/></td>
              <td class="text"><xsl:value-of select="."/></td>
            </tr>
          </xsl:for-each>
        </table>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- A vulnerability's heading: its CVE and title. -->
  <xsl:template name="vulnerability-name">
    <xsl:choose>
      <xsl:when test="@cve and normalize-space(e:Title) and normalize-space(e:Title) != @cve">
        <xsl:value-of select="@cve"/>: <xsl:value-of select="e:Title"/>
      </xsl:when>
      <xsl:when test="@cve"><xsl:value-of select="@cve"/></xsl:when>
      <xsl:when test="normalize-space(e:Title)"><xsl:value-of select="e:Title"/></xsl:when>
      <xsl:otherwise>Vulnerability <xsl:value-of select="count(preceding-sibling::e:Vulnerability) + 1"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="vulnerability">
    <xsl:variable name="vid" select="@id"/>
    <xsl:variable name="root" select="/e:EISPPAdvisory"/>
    <h3 id="vulnerability-{$vid}"><xsl:call-template name="vulnerability-name"/></h3>
    <dl class="meta">
      <xsl:if test="$root/e:References/e:Identifier[@vulnerability = $vid]">
        <dt>Identifiers</dt>
        <dd>
          <xsl:for-each select="$root/e:References/e:Identifier[@vulnerability = $vid]">
            <xsl:if test="position() > 1">, </xsl:if>
            <xsl:value-of select="."/>
            <xsl:if test="normalize-space(@system)"> (<xsl:value-of select="@system"/>)</xsl:if>
          </xsl:for-each>
        </dd>
      </xsl:if>
      <xsl:if test="e:CWE">
        <dt>Weakness</dt>
        <dd>
          <xsl:value-of select="e:CWE/@id"/>
          <xsl:if test="normalize-space(e:CWE/@name)">: <xsl:value-of select="e:CWE/@name"/></xsl:if>
        </dd>
      </xsl:if>
      <xsl:if test="@discovery_date">
        <dt>Discovered</dt>
        <dd><xsl:value-of select="substring(@discovery_date, 1, 10)"/></dd>
      </xsl:if>
      <xsl:if test="@release_date">
        <dt>Made public</dt>
        <dd><xsl:value-of select="substring(@release_date, 1, 10)"/></dd>
      </xsl:if>
    </dl>

    <xsl:apply-templates select="$root/e:Description/e:TechnicalInformation/e:VulnerabilityDetails[@vulnerability = $vid]/e:Note"/>

    <xsl:if test="e:Score">
      <h4>Scores</h4>
      <table>
        <tr><th>CVSS</th><th>Base score</th><th>Vector</th><th>Products</th></tr>
        <xsl:for-each select="e:Score">
          <tr>
            <td><xsl:value-of select="@cvss_version"/></td>
            <td>
              <xsl:value-of select="@base_score"/>
              <xsl:if test="normalize-space(@base_severity)"> (<xsl:value-of select="@base_severity"/>)</xsl:if>
            </td>
            <td><code><xsl:value-of select="e:Vector"/></code></td>
            <td><xsl:call-template name="product-names"/></td>
          </tr>
        </xsl:for-each>
      </table>
    </xsl:if>

    <xsl:if test="e:Threat">
      <h4>Threats</h4>
      <ul>
        <xsl:for-each select="e:Threat">
          <li>
            <xsl:value-of select="@category"/>
            <xsl:if test="@date"> (<xsl:value-of select="substring(@date, 1, 10)"/>)</xsl:if>
            <xsl:text>: </xsl:text>
            <span class="text"><xsl:value-of select="e:Details"/></span>
            <xsl:if test="e:ProductRef">
              <xsl:text> (</xsl:text>
              <xsl:call-template name="product-names"/>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>

    <xsl:if test="e:Involvement">
      <h4>Handling</h4>
      <ul>
        <xsl:for-each select="e:Involvement">
          <li>
            <xsl:value-of select="@party"/>
            <xsl:text>: </xsl:text>
            <xsl:value-of select="translate(@status, '_', ' ')"/>
            <xsl:if test="@date"> (<xsl:value-of select="substring(@date, 1, 10)"/>)</xsl:if>
            <xsl:if test="normalize-space(.)">
              <xsl:text>. </xsl:text>
              <span class="text"><xsl:value-of select="."/></span>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>

    <xsl:call-template name="status-summary">
      <xsl:with-param name="vid" select="$vid"/>
    </xsl:call-template>

    <xsl:if test="$root/e:Solution/e:Remediation[@vulnerability = $vid]">
      <h4>Remediations</h4>
      <table>
        <tr><th>Category</th><th>Details</th><th>Products</th></tr>
        <xsl:for-each select="$root/e:Solution/e:Remediation[@vulnerability = $vid]">
          <tr>
            <td>
              <xsl:value-of select="@category"/>
              <xsl:if test="@date"><br/><xsl:value-of select="substring(@date, 1, 10)"/></xsl:if>
            </td>
            <td>
              <div class="text"><xsl:value-of select="e:Details"/></div>
              <xsl:if test="normalize-space(e:URL)">
                <xsl:call-template name="link">
                  <xsl:with-param name="url" select="e:URL"/>
                </xsl:call-template>
              </xsl:if>
              <xsl:for-each select="e:Entitlement">
                <div class="text">Condition: <xsl:value-of select="."/></div>
              </xsl:for-each>
              <xsl:if test="e:RestartRequired">
                <div class="text">
                  <xsl:text>Restart required: </xsl:text>
                  <xsl:value-of select="translate(e:RestartRequired/@category, '_', ' ')"/>
                  <xsl:if test="normalize-space(e:RestartRequired)">. <xsl:value-of select="e:RestartRequired"/></xsl:if>
                </div>
              </xsl:if>
            </td>
            <td><xsl:call-template name="product-names"/></td>
          </tr>
        </xsl:for-each>
      </table>
    </xsl:if>

    <xsl:if test="$root/e:References/e:Link[@vulnerability = $vid]">
      <h4>References</h4>
      <ul>
        <xsl:for-each select="$root/e:References/e:Link[@vulnerability = $vid]">
          <li><xsl:call-template name="reference"/></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- The products of one vulnerability by status. -->
  <xsl:template name="status-summary">
    <xsl:param name="vid"/>
    <xsl:if test="key('status', concat($vid, '|known_affected')) or key('status', concat($vid, '|first_affected')) or key('status', concat($vid, '|last_affected')) or key('status', concat($vid, '|under_investigation')) or key('status', concat($vid, '|fixed')) or key('status', concat($vid, '|first_fixed')) or key('status', concat($vid, '|known_not_affected')) or key('status', concat($vid, '|recommended'))">
      <h4>Product status</h4>
      <dl class="meta">
        <xsl:call-template name="status-line">
          <xsl:with-param name="statuses" select="key('status', concat($vid, '|known_affected')) | key('status', concat($vid, '|first_affected')) | key('status', concat($vid, '|last_affected'))"/>
          <xsl:with-param name="label">Affected</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="status-line">
          <xsl:with-param name="statuses" select="key('status', concat($vid, '|under_investigation'))"/>
          <xsl:with-param name="label">Under investigation</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="status-line">
          <xsl:with-param name="statuses" select="key('status', concat($vid, '|fixed')) | key('status', concat($vid, '|first_fixed'))"/>
          <xsl:with-param name="label">Fixed</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="status-line">
          <xsl:with-param name="statuses" select="key('status', concat($vid, '|known_not_affected'))"/>
          <xsl:with-param name="label">Not affected</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="status-line">
          <xsl:with-param name="statuses" select="key('status', concat($vid, '|recommended'))"/>
          <xsl:with-param name="label">Recommended</xsl:with-param>
        </xsl:call-template>
      </dl>
    </xsl:if>
  </xsl:template>

  <xsl:template name="status-line">
    <xsl:param name="statuses"/>
    <xsl:param name="label"/>
    <xsl:if test="$statuses">
      <dt><xsl:value-of select="$label"/></dt>
      <dd>
        <xsl:for-each select="$statuses[position() &lt;= $max-names]">
          <xsl:if test="position() > 1">; </xsl:if>
          <xsl:call-template name="system-name">
            <xsl:with-param name="system" select=".."/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:call-template name="more">
          <xsl:with-param name="count" select="count($statuses)"/>
        </xsl:call-template>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- The names of the products a Score, Threat or Remediation refers to. -->
  <xsl:template name="product-names">
    <xsl:for-each select="e:ProductRef[position() &lt;= $max-names]">
      <xsl:if test="position() > 1">; </xsl:if>
      <xsl:variable name="system" select="key('system', normalize-space(.))"/>
      <xsl:choose>
        <xsl:when test="$system">
          <xsl:call-template name="system-name">
            <xsl:with-param name="system" select="$system[1]"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:call-template name="more">
      <xsl:with-param name="count" select="count(e:ProductRef)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="more">
    <xsl:param name="count"/>
    <xsl:if test="$count &gt; $max-names">
      <xsl:text>; and </xsl:text>
      <xsl:value-of select="$count - $max-names"/>
      <xsl:text> more</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="system-name">
    <xsl:param name="system"/>
    <xsl:choose>
      <xsl:when test="normalize-space($system/e:Name)"><xsl:value-of select="$system/e:Name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$system/@id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Every product with its identifiers and statuses. -->
  <xsl:template name="products">
    <table>
      <tr><th>Vendor</th><th>Product</th><th>Version</th><th>Identifiers</th><th>Status</th></tr>
      <xsl:for-each select="e:Description/e:TechnicalContext/e:SystemList/e:Vendor/e:Product/e:System">
        <tr>
          <td><xsl:value-of select="../../@name"/></td>
          <td>
            <xsl:value-of select="../@name"/>
            <xsl:if test="normalize-space(e:Name) and e:Name != ../@name">
              <br/><small><xsl:value-of select="e:Name"/></small>
            </xsl:if>
            <xsl:if test="normalize-space(e:Platform)">
              <br/><small>
                <xsl:value-of select="e:Relationship"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="e:Platform"/>
              </small>
            </xsl:if>
          </td>
          <td>
            <xsl:value-of select="e:Version"/>
            <xsl:if test="normalize-space(e:Version) and normalize-space(e:VersionRange)"><br/></xsl:if>
            <xsl:value-of select="e:VersionRange"/>
          </td>
          <td>
            <xsl:for-each select="e:CPE | e:PURL | e:ModelNumber | e:SKU">
              <xsl:if test="position() > 1"><br/></xsl:if>
              <code><xsl:value-of select="."/></code>
            </xsl:for-each>
          </td>
          <td><xsl:call-template name="statuses"/></td>
        </tr>
      </xsl:for-each>
      <xsl:for-each select="e:Description/e:TechnicalContext/e:UnlistedSystems/e:System">
        <tr>
          <td></td>
          <td><xsl:value-of select="@id"/> <small> (not in the product list)</small></td>
          <td></td>
          <td></td>
          <td><xsl:call-template name="statuses"/></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template name="statuses">
    <xsl:for-each select="e:Status">
      <xsl:if test="position() > 1"><br/></xsl:if>
      <xsl:variable name="v" select="key('vulnerability', @vulnerability)"/>
      <xsl:choose>
        <xsl:when test="$v/@cve"><xsl:value-of select="$v/@cve"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="@vulnerability"/></xsl:otherwise>
      </xsl:choose>
      <xsl:text>: </xsl:text>
      <xsl:value-of select="translate(normalize-space(.), '_', ' ')"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="publication">
    <xsl:variable name="ident" select="e:IdentificationData"/>
    <xsl:variable name="pub" select="e:Description/e:PublicationContext"/>
    <h3>Publication</h3>
    <dl class="meta">
      <dt>Distribution</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="normalize-space($ident/e:TLP)">
            <xsl:text>TLP:</xsl:text>
            <xsl:value-of select="normalize-space($ident/e:TLP)"/>
            <xsl:if test="normalize-space($ident/e:TLP/@url)">
              <xsl:text> (</xsl:text>
              <xsl:call-template name="link">
                <xsl:with-param name="url" select="normalize-space($ident/e:TLP/@url)"/>
              </xsl:call-template>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </xsl:when>
          <xsl:otherwise>TLP:UNLABELED</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="normalize-space($pub/e:Distribution)">
          <div class="text"><xsl:value-of select="$pub/e:Distribution"/></div>
        </xsl:if>
      </dd>
      <xsl:if test="normalize-space($ident/e:DocumentCategory)">
        <dt>Document category</dt>
        <dd><xsl:value-of select="$ident/e:DocumentCategory"/></dd>
      </xsl:if>
      <xsl:if test="normalize-space($ident/e:Language)">
        <dt>Language</dt>
        <dd>
          <xsl:value-of select="$ident/e:Language"/>
          <xsl:if test="normalize-space($ident/e:SourceLanguage)">
            <xsl:text> (translated from </xsl:text>
            <xsl:value-of select="$ident/e:SourceLanguage"/>
            <xsl:text>)</xsl:text>
          </xsl:if>
        </dd>
      </xsl:if>
      <xsl:if test="normalize-space($ident/e:Issuer/e:Namespace)">
        <dt>Issuer's address</dt>
        <dd>
          <xsl:call-template name="link">
            <xsl:with-param name="url" select="normalize-space($ident/e:Issuer/e:Namespace)"/>
          </xsl:call-template>
        </dd>
      </xsl:if>
      <xsl:if test="normalize-space($ident/e:Issuer/e:ContactDetails)">
        <dt>Contact</dt>
        <dd class="text"><xsl:value-of select="$ident/e:Issuer/e:ContactDetails"/></dd>
      </xsl:if>
      <xsl:if test="normalize-space($ident/e:Issuer/e:IssuingAuthority)">
        <dt>Issuing authority</dt>
        <dd class="text"><xsl:value-of select="$ident/e:Issuer/e:IssuingAuthority"/></dd>
      </xsl:if>
    </dl>
    <xsl:apply-templates select="$pub/e:Note"/>
  </xsl:template>

  <!-- ============================================================ shared -->

  <xsl:template match="e:Note">
    <xsl:if test="normalize-space(@title)">
      <h4><xsl:value-of select="@title"/></h4>
    </xsl:if>
    <div class="text note-{@category}"><xsl:value-of select="."/></div>
  </xsl:template>

  <xsl:template name="reference">
    <xsl:call-template name="link">
      <xsl:with-param name="url" select="@url"/>
      <xsl:with-param name="label">
        <xsl:choose>
          <xsl:when test="normalize-space(.)"><xsl:value-of select="."/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@url"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="normalize-space(.) and normalize-space(@url)">
      <xsl:text> </xsl:text>
      <small><code><xsl:value-of select="@url"/></code></small>
    </xsl:if>
  </xsl:template>

  <!-- A link to url when it is an http or https address; otherwise the
       label as text, so that no javascript: or data: link reaches the
       page. -->
  <xsl:template name="link">
    <xsl:param name="url"/>
    <xsl:param name="label" select="$url"/>
    <xsl:variable name="scheme" select="translate(substring-before($url, ':'), 'HTPS', 'htps')"/>
    <xsl:choose>
      <xsl:when test="($scheme = 'https' or $scheme = 'http') and starts-with(substring-after($url, ':'), '//')">
        <a href="{$url}" rel="noopener noreferrer"><xsl:value-of select="$label"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$label"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
