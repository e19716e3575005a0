// Package web serves Tocsin's web archive: sign-in and sign-out, the list
// and search of advisories, an advisory's page and its downloads (plain
// text and the original CSAF document), the instance's OpenPGP key and a
// health check.
//
// What a viewer may see is decided by package access alone: every list
// comes from access.ArchiveFilter and every page or download passes
// access.CanView. This package must not interpret TLP labels or
// organisation boundaries itself, and must not import the command packages.
//
// Handlers are methods on Server, one file per page or action. The Server
// holds all its state (store, renderer, templates, rate limiter), so several
// servers can run side by side in tests.
package web
