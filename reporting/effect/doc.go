// Package effect answers "is it getting better?" from the tables a piece leaves behind (versions,
// reviews, claim flags): a quality record for every AI-assisted piece (quality.BuildRecord), the
// trend of those records week by week, and the effect of every OS edit — each applied proposal and
// each manual edit — on the measure its failure mode concerns, comparing the pieces written with
// the version before it against those written with it. A piece counts for the OS version its
// outline was written with, even when a new version landed while it was in flight.
package effect
