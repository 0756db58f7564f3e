"""The codes of `shared/spec/vocabulary.md`: stored as codes, shown as labels.

Codes never change once released (add, don't rename). Every enum here is a ``StrEnum`` whose
members carry a human label, so forms can show ``Region.LOWER_BACK.label`` while the database,
CSV files and rules store ``"lower_back"``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Code(StrEnum):
    """A stored code with a display label (``Member = "code", "Label"``)."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value.replace("_", " ").capitalize()
        return member

    @classmethod
    def codes(cls) -> list[str]:
        return [member.value for member in cls]


class Sex(Code):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other / prefer not to say"


class HistoryItem(Code):
    CANCER = "cancer", "Cancer (now or in the past)"
    OSTEOPOROSIS = "osteoporosis", "Osteoporosis"
    STEROID_USE = "steroid_use", "Long-term steroid use"
    IV_DRUG_USE = "iv_drug_use", "Injecting drug use"
    IMMUNOSUPPRESSION = "immunosuppression", "Weakened immune system"
    DIABETES = "diabetes", "Diabetes"
    KIDNEY_DISEASE = "kidney_disease", "Kidney disease"
    THYROID_DISORDER = "thyroid_disorder", "Thyroid disorder (under- or overactive)"
    PERIPHERAL_ARTERIAL_DISEASE = (
        "peripheral_arterial_disease",
        "Peripheral arterial disease (narrowed leg arteries)",
    )


BACK_RISK_HISTORY: frozenset[HistoryItem] = frozenset(
    {
        HistoryItem.CANCER,
        HistoryItem.OSTEOPOROSIS,
        HistoryItem.STEROID_USE,
        HistoryItem.IV_DRUG_USE,
        HistoryItem.IMMUNOSUPPRESSION,
    }
)
"""History items that make back pain worth checking (rule B5)."""

CRAMP_HISTORY: frozenset[HistoryItem] = frozenset(HistoryItem) - BACK_RISK_HISTORY
"""History items that matter for cramps: shown on the doctor report, no rule reads them."""


class Units(Code):
    METRIC = "metric", "Metric (ml, µg)"
    US = "us", "US (fl oz, IU)"


class Region(Code):
    LOWER_BACK = "lower_back", "Lower back"
    UPPER_BACK = "upper_back", "Upper back"
    NECK = "neck", "Neck"
    SHOULDER = "shoulder", "Shoulder"
    CHEST = "chest", "Chest"
    ABDOMEN = "abdomen", "Abdomen (tummy)"
    PELVIS = "pelvis", "Pelvis"
    BUTTOCK_HIP = "buttock_hip", "Buttock / hip"
    THIGH = "thigh", "Thigh"
    KNEE = "knee", "Knee"
    CALF = "calf", "Calf"
    FOOT = "foot", "Foot"
    ARM = "arm", "Arm"
    HAND = "hand", "Hand"


BACK_REGIONS: frozenset[Region] = frozenset(
    {Region.LOWER_BACK, Region.UPPER_BACK, Region.NECK, Region.BUTTOCK_HIP}
)
LEG_REGIONS: frozenset[Region] = frozenset(
    {Region.BUTTOCK_HIP, Region.THIGH, Region.KNEE, Region.CALF, Region.FOOT}
)


class Side(Code):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both sides"
    CENTER = "center", "Centre"


class Quality(Code):
    CRAMP = "cramp", "Cramp"
    SPASM = "spasm", "Spasm"
    DULL_ACHE = "dull_ache", "Dull ache"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling"
    THROBBING = "throbbing", "Throbbing"


class Trigger(Code):
    EXERCISE = "exercise", "Exercise"
    LIFTING = "lifting", "Lifting"
    BENDING = "bending", "Bending"
    PROLONGED_SITTING = "prolonged_sitting", "Sitting a long time"
    PROLONGED_STANDING = "prolonged_standing", "Standing a long time"
    WALKING = "walking", "Walking"
    NIGHT_SLEEP = "night_sleep", "At night / in sleep"
    HEAT_SWEATING = "heat_sweating", "Heat / sweating"
    NEW_MEDICINE = "new_medicine", "A new medicine"
    INJURY = "injury", "Injury"
    MAJOR_TRAUMA = "major_trauma", "Major accident or fall"
    UNKNOWN = "unknown", "Don't know"


class Symptom(Code):
    SADDLE_NUMBNESS = "saddle_numbness", "Numbness around the genitals, anus or inner buttocks"
    BLADDER_BOWEL_LOSS = "bladder_bowel_loss", "New loss of bladder or bowel control"
    URINATION_DIFFICULTY = "urination_difficulty", "New difficulty starting or stopping urine"
    BOTH_LEGS = "both_legs", "Pain, numbness or weakness in both legs"
    NUMBNESS_ONE_SIDE = "numbness_one_side", "Numbness or weakness down one side of the body"
    BALANCE_LOSS = "balance_loss", "Impaired balance or coordination"
    LEG_WEAKNESS = "leg_weakness", "Weakness in an arm or leg, foot drop"
    LIMB_SENSATION_LOSS = "limb_sensation_loss", "Loss of feeling in a limb"
    LEG_NUMBNESS_TINGLING = (
        "leg_numbness_tingling",
        "Numbness, tingling or pins and needles in a leg",
    )
    PAIN_BELOW_KNEE = "pain_below_knee", "Pain that spreads below the knee"
    FEVER = "fever", "Fever or feeling hot and shivery"
    WEIGHT_LOSS = "weight_loss", "Weight loss without trying"
    NIGHT_PAIN = "night_pain", "Pain worse at night or not eased by lying still"
    COUGH_STRAIN_PAIN = "cough_strain_pain", "Pain worse when coughing, sneezing or straining"
    CHEST_PAIN = "chest_pain", "Chest pain"
    BREATHLESSNESS = "breathlessness", "Sudden shortness of breath"
    COUGHING_BLOOD = "coughing_blood", "Coughing up blood"
    LEG_SWELLING_REDNESS = (
        "leg_swelling_redness",
        "One leg swollen, warm, red or darkened, hard veins",
    )
    MUSCLE_WASTING = "muscle_wasting", "Muscles getting thinner or weaker over time"
    PAINFUL_URINATION = "painful_urination", "Painful, cloudy or bloody urine"
    VAGINAL_BLEEDING = "vaginal_bleeding", "Spotting or bleeding from the vagina"
    FLUID_LEAK = "fluid_leak", "Leaking fluid from the vagina"
    ABDOMINAL_PAIN_ONE_SIDE = "abdominal_pain_one_side", "Pain low in the tummy on one side"
    SHOULDER_TIP_PAIN = "shoulder_tip_pain", "Pain where the shoulder ends and the arm begins"
    FAINTING = "fainting", "Fainting or feeling about to faint"
    PELVIC_PRESSURE = "pelvic_pressure", "Pressure or heaviness low in the pelvis"
    DISCHARGE_CHANGE = "discharge_change", "Change in vaginal discharge (watery, mucus, bloody)"
    NAUSEA = "nausea", "Nausea or vomiting"


SYMPTOM_GROUPS: tuple[tuple[str, tuple[Symptom, ...]], ...] = (
    (
        "Nerves and spine: get help fast if you have any of these",
        (
            Symptom.SADDLE_NUMBNESS,
            Symptom.BLADDER_BOWEL_LOSS,
            Symptom.URINATION_DIFFICULTY,
            Symptom.BOTH_LEGS,
            Symptom.NUMBNESS_ONE_SIDE,
            Symptom.BALANCE_LOSS,
            Symptom.LEG_WEAKNESS,
            Symptom.LIMB_SENSATION_LOSS,
        ),
    ),
    (
        "Chest, breathing and circulation",
        (
            Symptom.CHEST_PAIN,
            Symptom.BREATHLESSNESS,
            Symptom.COUGHING_BLOOD,
            Symptom.LEG_SWELLING_REDNESS,
            Symptom.FAINTING,
        ),
    ),
    (
        "Pregnancy and tummy",
        (
            Symptom.VAGINAL_BLEEDING,
            Symptom.FLUID_LEAK,
            Symptom.ABDOMINAL_PAIN_ONE_SIDE,
            Symptom.SHOULDER_TIP_PAIN,
            Symptom.PELVIC_PRESSURE,
            Symptom.DISCHARGE_CHANGE,
        ),
    ),
    (
        "Other symptoms",
        (
            Symptom.LEG_NUMBNESS_TINGLING,
            Symptom.PAIN_BELOW_KNEE,
            Symptom.FEVER,
            Symptom.WEIGHT_LOSS,
            Symptom.NIGHT_PAIN,
            Symptom.COUGH_STRAIN_PAIN,
            Symptom.MUSCLE_WASTING,
            Symptom.PAINFUL_URINATION,
            Symptom.NAUSEA,
        ),
    ),
)
"""Symptoms as the cramp form shows them: the serious groups first, each symptom once."""


class Relief(Code):
    REST = "rest", "Rest"
    STRETCHING = "stretching", "Stretching"
    HEAT = "heat", "Heat"
    COLD = "cold", "Cold"
    MASSAGE = "massage", "Massage"
    PAIN_RELIEVER = "pain_reliever", "Pain reliever"
    POSITION_CHANGE = "position_change", "Changing position"
    WALKING = "walking", "Walking"
    FLUIDS = "fluids", "Drinking fluids"
    NONE = "none", "Nothing helped"


class EasedByRest(Code):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not sure"


class Beverage(Code):
    WATER = "water", "Water"
    ELECTROLYTE = "electrolyte", "Electrolyte drink"
    TEA = "tea", "Tea"
    COFFEE = "coffee", "Coffee"
    JUICE = "juice", "Juice"
    MILK = "milk", "Milk"
    SOUP = "soup", "Soup"
    OTHER = "other", "Other"


class ProductKind(Code):
    SUPPLEMENT = "supplement", "Supplement"
    MEDICINE = "medicine", "Medicine"


class MedicineClass(Code):
    DIURETIC = "diuretic", "Diuretic (water tablet)"
    STATIN = "statin", "Statin"
    OTHER = "other", "Other"


class Ingredient(Code):
    """Ingredients with a storage unit; see ``INGREDIENT_UNITS``."""

    MAGNESIUM = "magnesium", "Magnesium (elemental)"
    CALCIUM = "calcium", "Calcium (elemental)"
    POTASSIUM = "potassium", "Potassium"
    IRON = "iron", "Iron (elemental)"
    VITAMIN_D = "vitamin_d", "Vitamin D"
    VITAMIN_A_RETINOL = "vitamin_a_retinol", "Vitamin A (retinol)"
    FOLIC_ACID = "folic_acid", "Folic acid"
    OTHER = "other", "Other"


INGREDIENT_UNITS: dict[Ingredient, str] = {
    Ingredient.MAGNESIUM: "mg",
    Ingredient.CALCIUM: "mg",
    Ingredient.POTASSIUM: "mg",
    Ingredient.IRON: "mg",
    Ingredient.VITAMIN_D: "µg",
    Ingredient.VITAMIN_A_RETINOL: "µg RAE",
    Ingredient.FOLIC_ACID: "µg",
    Ingredient.OTHER: "mg",
}
"""Storage unit of each ingredient amount (per product unit)."""


class ContractionIntensity(Code):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    STRONG = "strong", "Strong"


class ContractionLocation(Code):
    FRONT = "front", "Front"
    BACK = "back", "Back"
    WRAPPING = "wrapping", "Wrapping around"


class EventKind(Code):
    WATERS_BROKE = "waters_broke", "Waters broke"
    BLEEDING = "bleeding", "Bleeding"
    REDUCED_MOVEMENT = "reduced_movement", "Baby moving less"
    NO_MOVEMENT = "no_movement", "Baby not moving"
    MUCUS_PLUG = "mucus_plug", "Mucus plug (show)"
    URGE_TO_PUSH = "urge_to_push", "Urge to push"
    CORD_FELT = "cord_felt", "Cord felt or seen"
    SEIZURE = "seizure", "Seizure (fit)"
    COLLAPSE = "collapse", "Collapse"


class WatersDetail(Code):
    CLEAR = "clear", "Clear or pale"
    GREEN_BROWN = "green_brown", "Green or brown"
    BLOODY = "bloody", "Bloody"
    SMELLY = "smelly", "Smelly"
    UNSURE = "unsure", "Not sure"


class BleedingDetail(Code):
    SPOTTING = "spotting", "Spotting"
    LIGHT = "light", "Light"
    HEAVY = "heavy", "Heavy"
    SOAKED_PAD_IN_HOUR = "soaked_pad_in_hour", "Soaked a pad within an hour"


EVENT_DETAILS: dict[EventKind, type[Code]] = {
    EventKind.WATERS_BROKE: WatersDetail,
    EventKind.BLEEDING: BleedingDetail,
}
"""Event kinds that take a detail, and the codes allowed for it; other kinds take none."""
