import Measurements
import Foundation

/// What the clinician records at the site (CLINICAL.md §3). Every field may be missing; the recommendation
/// then names the missing input that limited it. Unknown keys are refused. Documented in docs/findings.md.
public struct ClinicalFindings: Codable, Sendable, Equatable {
    public enum Diabetes: String, Codable, Sendable, CaseIterable {
        case none, controlled, uncontrolled
    }

    /// The implant as placed, from the chart.
    public struct ImplantSystem: Codable, Sendable, Equatable {
        public var nominalDiameterMm: Double?
        public var nominalLengthMm: Double?
        /// Polished collar of a tissue-level implant (subtracted from bone levels when the analysis did not).
        public var collarMm: Double?

        public init(nominalDiameterMm: Double? = nil, nominalLengthMm: Double? = nil, collarMm: Double? = nil) {
            self.nominalDiameterMm = nominalDiameterMm
            self.nominalLengthMm = nominalLengthMm
            self.collarMm = collarMm
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case nominalDiameterMm, nominalLengthMm, collarMm }

        public init(from decoder: Decoder) throws {
            try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            nominalDiameterMm = try c.decodeIfPresent(Double.self, forKey: .nominalDiameterMm)
            nominalLengthMm = try c.decodeIfPresent(Double.self, forKey: .nominalLengthMm)
            collarMm = try c.decodeIfPresent(Double.self, forKey: .collarMm)
        }
    }

    /// Deepest probing depth at the implant, mm.
    public var probingDepthMm: Double?
    public var bleedingOnProbing: Bool?
    public var suppuration: Bool?
    public var mobility: Bool?
    public var pain: Bool?
    /// Acute purulent infection at the site.
    public var acuteInfection: Bool?
    public var implantFracture: Bool?
    public var nerveInvolvementOrMalposition: Bool?
    public var titaniumAllergy: Bool?
    public var diabetes: Diabetes?
    public var cigarettesPerDay: Int?
    public var implantSystem: ImplantSystem?
    /// YYYY-MM-DD.
    public var placementDate: String?
    public var priorTreatment: String?
    /// Worst shoulder-to-first-bone-contact distance on an earlier (baseline) scan, mm.
    public var baselineBoneLevelMm: Double?

    public init(probingDepthMm: Double? = nil, bleedingOnProbing: Bool? = nil, suppuration: Bool? = nil,
                mobility: Bool? = nil, pain: Bool? = nil, acuteInfection: Bool? = nil, implantFracture: Bool? = nil,
                nerveInvolvementOrMalposition: Bool? = nil, titaniumAllergy: Bool? = nil, diabetes: Diabetes? = nil,
                cigarettesPerDay: Int? = nil, implantSystem: ImplantSystem? = nil, placementDate: String? = nil,
                priorTreatment: String? = nil, baselineBoneLevelMm: Double? = nil) {
        self.probingDepthMm = probingDepthMm
        self.bleedingOnProbing = bleedingOnProbing
        self.suppuration = suppuration
        self.mobility = mobility
        self.pain = pain
        self.acuteInfection = acuteInfection
        self.implantFracture = implantFracture
        self.nerveInvolvementOrMalposition = nerveInvolvementOrMalposition
        self.titaniumAllergy = titaniumAllergy
        self.diabetes = diabetes
        self.cigarettesPerDay = cigarettesPerDay
        self.implantSystem = implantSystem
        self.placementDate = placementDate
        self.priorTreatment = priorTreatment
        self.baselineBoneLevelMm = baselineBoneLevelMm
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case probingDepthMm, bleedingOnProbing, suppuration, mobility, pain, acuteInfection, implantFracture,
             nerveInvolvementOrMalposition, titaniumAllergy, diabetes, cigarettesPerDay, implantSystem,
             placementDate, priorTreatment, baselineBoneLevelMm
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        probingDepthMm = try c.decodeIfPresent(Double.self, forKey: .probingDepthMm)
        bleedingOnProbing = try c.decodeIfPresent(Bool.self, forKey: .bleedingOnProbing)
        suppuration = try c.decodeIfPresent(Bool.self, forKey: .suppuration)
        mobility = try c.decodeIfPresent(Bool.self, forKey: .mobility)
        pain = try c.decodeIfPresent(Bool.self, forKey: .pain)
        acuteInfection = try c.decodeIfPresent(Bool.self, forKey: .acuteInfection)
        implantFracture = try c.decodeIfPresent(Bool.self, forKey: .implantFracture)
        nerveInvolvementOrMalposition = try c.decodeIfPresent(Bool.self, forKey: .nerveInvolvementOrMalposition)
        titaniumAllergy = try c.decodeIfPresent(Bool.self, forKey: .titaniumAllergy)
        if let text = try c.decodeIfPresent(String.self, forKey: .diabetes) {
            guard let d = Diabetes(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: .diabetes, in: c, debugDescription:
                    "\"\(text)\" is not one of \(Diabetes.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            diabetes = d
        } else {
            diabetes = nil
        }
        cigarettesPerDay = try c.decodeIfPresent(Int.self, forKey: .cigarettesPerDay)
        implantSystem = try c.decodeIfPresent(ImplantSystem.self, forKey: .implantSystem)
        placementDate = try c.decodeIfPresent(String.self, forKey: .placementDate)
        priorTreatment = try c.decodeIfPresent(String.self, forKey: .priorTreatment)
        baselineBoneLevelMm = try c.decodeIfPresent(Double.self, forKey: .baselineBoneLevelMm)
    }

    /// The first value out of range, as "key: reason"; nil when all are acceptable.
    public var validationFailure: String? {
        let lengths: [(String, Double?)] = [
            ("probingDepthMm", probingDepthMm), ("baselineBoneLevelMm", baselineBoneLevelMm),
            ("implantSystem.nominalDiameterMm", implantSystem?.nominalDiameterMm),
            ("implantSystem.nominalLengthMm", implantSystem?.nominalLengthMm),
            ("implantSystem.collarMm", implantSystem?.collarMm),
        ]
        for (key, value) in lengths {
            if let v = value, !(v.isFinite && v >= 0) { return "\(key): must be 0 or more (mm)" }
        }
        if let d = implantSystem?.nominalDiameterMm, d == 0 { return "implantSystem.nominalDiameterMm: must be above 0" }
        if let d = implantSystem?.nominalLengthMm, d == 0 { return "implantSystem.nominalLengthMm: must be above 0" }
        if let n = cigarettesPerDay, n < 0 { return "cigarettesPerDay: must be 0 or more" }
        if let date = placementDate, !Self.isCalendarDate(date) { return "placementDate: \"\(date)\" is not a date YYYY-MM-DD" }
        return nil
    }

    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }
}
