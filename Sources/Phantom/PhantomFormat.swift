/// How a phantom is written: a DICOM series (one file per slice), one Enhanced CT multi-frame file,
/// or a 16-bit PNG stack with its geometry sidecar.
public enum PhantomFormat: String, CaseIterable, Sendable {
    case dicom, multiframe, png
}
