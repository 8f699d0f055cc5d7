/// Colours and sizes shared by the figures: dark annotations on white, strong colours over the scan that
/// stay apart in print and for the common colour-vision deficiencies (Okabe–Ito palette).
enum FigureStyle {
    static let background = "#ffffff"
    static let text = "#1a1a1a"
    static let halo = "#000000"
    static let fontSize = 12.0
    static let titleSize = 14.0
    static let legendRow = 18.0

    static let implantOutline = "#56b4e9"     // sky blue
    static let shoulder = "#e69f00"           // orange
    static let firstContact = "#d55e00"       // vermillion
    static let artifactMargin = "#f0e442"     // yellow
    static let innerShell = "#0072b2"         // blue
    static let outerShell = "#cc79a7"         // reddish purple
    static let boneLevel = "#d55e00"
    static let label = "#ffffff"

    static let shellOpacity = 0.28
}
