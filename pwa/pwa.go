// Package pwa embeds the built PWA (pwa/dist), committed so that the server
// builds with Go alone.
package pwa

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built app, rooted at dist/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded at build time; a missing folder fails the build first
	}
	return sub
}
