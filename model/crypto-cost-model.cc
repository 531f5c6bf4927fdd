/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "crypto-cost-model.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"

#include <cmath>
#include <functional>
#include <map>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaCryptoCostModel");
NS_OBJECT_ENSURE_REGISTERED(CryptoCostModel);

namespace
{

/// Checks a positive clock frequency (attribute checker helper).
double
CheckedPositive(const char* name, double value)
{
    if (!(value > 0) || !std::isfinite(value))
    {
        NS_FATAL_ERROR("CryptoCostModel " << name << ": " << value << " must be > 0");
    }
    return value;
}

/**
 * Attribute values of one processor class, in the order: RsaPublic, RsaPrivate, EcdsaSign,
 * EcdsaVerify, EcdheKeygenAndShared, EcdhShared, DheKeygenAndShared (all seconds), ClockHz,
 * Sha256, AesCbc, AesCcm, AesGcm, ChaCha20Poly1305 cycles per byte, HandshakeOverhead (s),
 * X509ParseCycles, FlashReadRate (bytes/s; 0: files held in RAM) and FastScale.
 */
struct McuFigures
{
    double rsaPublic;            //!< s
    double rsaPrivate;           //!< s
    double ecdsaSign;            //!< s
    double ecdsaVerify;          //!< s
    double ecdheKeygenAndShared; //!< s
    double ecdhShared;           //!< s
    double dheKeygenAndShared;   //!< s
    double clockHz;              //!< Hz
    double sha256;               //!< cycles/byte
    double aesCbc;               //!< cycles/byte
    double aesCcm;               //!< cycles/byte
    double aesGcm;               //!< cycles/byte
    double chachaPoly;           //!< cycles/byte
    double handshakeOverhead;    //!< s, non-crypto work per handshake
    double x509ParseCycles;      //!< cycles to decode one certificate
    double flashReadRate;        //!< bytes/s of certificate-file reads; 0: files held in RAM
    double fastScale;            //!< factor of every cost in the FAST bracket
};

/*
 * Firmware work per handshake that is not public-key cryptography, in cycles carried over from
 * what was measured here on one x86 core (calibration.md "measured here"; assumption: the same
 * cycle counts on the module MCU, where a leaner TLS stack offsets a lower IPC):
 * - decoding one X.509 certificate: OpenSSL 3.0's d2i_X509 takes ~90 us per certificate on that
 *   core (RSA-2048 and P-256 certificates alike, 465-892 DER bytes), 225 000 cycles at the
 *   server class's 2.5 GHz;
 * - the rest of a handshake's protocol work (message parsing, session set-up, record layer):
 *   the in-memory pair's resumed handshakes, 1/17500 s per side, 142 857 cycles at 2.5 GHz.
 * Certificate files: the module reads its CA, client certificate and key files from flash at
 * every open (AT+QSSLOPEN and AT+MIPOPEN take the file names, not parsed objects); 2 MB/s is an
 * assumption (a serial flash behind the module's file system).
 */
constexpr double kX509ParseCycles = 225000;
constexpr double kProtocolCycles = 2.5e9 / 17500;
constexpr double kModuleFlashRate = 2e6;

/*
 * Cortex-M4 ~120 MHz, mbedTLS: calibration.md "Crypto cost on module-class MCUs", rows
 * "Cortex-M4 ~120 MHz (mbedTLS)" (ARMmbed/mbed-os-example-tls benchmark/README.md, status V):
 * RSA-2048 public/private 28/953 ms; ECDSA P-256 sign/verify 304/594 ms; ECDHE P-256
 * keygen+shared / ECDH only 566/281 ms; SHA-256, AES-CBC-128, AES-CCM-128, AES-GCM-128
 * 70, 82, 192, 242 cycles/byte.
 * Assumptions (no figure in the table): DHE-2048 keygen+shared = one RSA-2048 private op
 * (953 ms); ChaCha20-Poly1305 = AES-GCM's 242 cycles/byte.
 */
const McuFigures kCortexM4 = {0.028,
                              0.953,
                              0.304,
                              0.594,
                              0.566,
                              0.281,
                              0.953,
                              120e6,
                              70,
                              82,
                              192,
                              242,
                              242,
                              kProtocolCycles / 120e6,
                              kX509ParseCycles,
                              kModuleFlashRate,
                              // FAST bracket, assumption (no SoC figure for the OneMO modules):
                              // twice as fast, e.g. a 240 MHz core of the same kind.
                              0.5};

/*
 * server-x86: one core of a TLS server, calibrated on calibration.md "in-memory client+server
 * pair, OpenSSL 3.0, one x86 core" (measured here, V): ECDHE-RSA-2048 full ~1200/s, ECDHE-ECDSA
 * P-256 full ~1900/s, resumed (ticket) ~17500/s per core, client and server work together.
 * Per-handshake work that is not cryptography (parsing, session cache, record layer): the
 * resumption rate, 1/17500 s per side. Each pair's public-key work with the Cortex-M4 row's
 * ratios (client: one signature verify, ECDHE keygen + shared; server: one signature, ECDHE
 * keygen + ECDH shared) gives two equations for two scales, one for the EC figures and one for
 * RSA:
 *   ECDSA pair = ecScale * (304 + 594 + 566 + 566) ms + 2 overheads = 1/1900 s
 *   RSA pair   = rsaScale * (953 + 28) ms + ecScale * 2 * 566 ms + 2 overheads = 1/1200 s.
 * A server-side full ECDHE-ECDSA handshake then costs 234 us (4280/s per core) and ECDHE-RSA
 * 647 us (1545/s). Validation (sources that set nothing here): NGINX's 2016 sizing guide, over
 * 2000 ECDHE-ECDSA handshakes/s per core ("Server side and fleets", V), and its 2014 figure of
 * ~350 ECDHE-RSA-2048/s on one virtualised core of that time (a lower bound for a current
 * core). DHE = RSA private (assumption, as above). Symmetric figures are assumptions
 * (AES-NI-era software): 2.5 GHz, SHA-256 15, AES-CBC 5, AES-CCM 10, AES-GCM 2,
 * ChaCha20-Poly1305 4 cycles/byte; they are negligible in handshakes.
 */
constexpr double kServerOverhead = 1.0 / 17500;
constexpr double kServerEcScale =
    (1.0 / 1900 - 2 * kServerOverhead) / (0.304 + 0.594 + 0.566 + 0.566);
constexpr double kServerRsaScale =
    (1.0 / 1200 - 2 * kServerOverhead - kServerEcScale * 2 * 0.566) / (0.953 + 0.028);
const McuFigures kServerX86 = {0.028 * kServerRsaScale,
                               0.953 * kServerRsaScale,
                               0.304 * kServerEcScale,
                               0.594 * kServerEcScale,
                               0.566 * kServerEcScale,
                               0.281 * kServerEcScale,
                               0.953 * kServerRsaScale,
                               2.5e9,
                               15,
                               5,
                               10,
                               2,
                               4,
                               kServerOverhead,
                               // The pair rates above include decoding the certificates: no
                               // separate charge on the server class (assumption).
                               0,
                               0, // certificates and keys held in RAM
                               1};

/// The registry of processor classes.
const std::map<std::string, McuFigures>&
Registry()
{
    /*
     * "mdm9205-a7": the Qualcomm MDM9205 of the Quectel BG95/BG77/BG600L, an ARM Cortex-A7 of up
     * to 800 MHz that also runs the modem's protocol stack. Neither the TLS library of its
     * firmware nor a benchmark of it is published. NOMINAL uses the Cortex-M4 figures
     * (assumption: a portable bignum sharing the core with the protocol stack); the bracket is
     * SLOW (EC operations 4x, an mbedTLS built without MBEDTLS_ECP_NIST_OPTIM, whose mbedTLS
     * documentation says it makes NIST-curve operations "4 to 8 times faster") and FAST (the
     * Cortex-M4 cycle counts at 800 MHz, 0.15x).
     * Validation (sources that set nothing here): golioth/pouch PR #260, a mutual-TLS
     * ECDHE-ECDSA P-256 handshake on a Cortex-M33 at 260 MHz, ~1.4 s with NIST_OPTIM and
     * 4.6-6.0 s without (CryptoValidation tests).
     */
    McuFigures mdm9205 = kCortexM4;
    // FAST bracket: the Cortex-A7 at its 800 MHz with the Cortex-M4's cycle counts.
    mdm9205.fastScale = 120e6 / 800e6;
    static const std::map<std::string, McuFigures> registry = {
        {"cortex-m4-120mhz", kCortexM4},
        {"mdm9205-a7", mdm9205},
        {"server-x86", kServerX86},
    };
    return registry;
}

/// Checks a public-key step's key size.
uint32_t
CheckedKeyBits(const CryptoStep& step)
{
    if (step.keyBits == 0)
    {
        NS_FATAL_ERROR(
            "CryptoCostModel::GetCost: CryptoStep.keyBits: 0 is not a valid key size for "
            << ToString(step.op));
    }
    return step.keyBits;
}

} // namespace

TypeId
CryptoCostModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::CryptoCostModel")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<CryptoCostModel>()
            .AddAttribute("RsaPublic",
                          "RSA-2048 public-key operation (verify/encrypt). Default: Cortex-M4 "
                          "120 MHz mbedTLS, ARMmbed/mbed-os-example-tls benchmark.",
                          TimeValue(MilliSeconds(28)),
                          MakeTimeAccessor(&CryptoCostModel::m_rsaPublic),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("RsaPrivate",
                          "RSA-2048 private-key operation (sign/decrypt). Default: Cortex-M4.",
                          TimeValue(MilliSeconds(953)),
                          MakeTimeAccessor(&CryptoCostModel::m_rsaPrivate),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("EcdsaSign",
                          "ECDSA P-256 signature. Default: Cortex-M4.",
                          TimeValue(MilliSeconds(304)),
                          MakeTimeAccessor(&CryptoCostModel::m_ecdsaSign),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("EcdsaVerify",
                          "ECDSA P-256 verification. Default: Cortex-M4.",
                          TimeValue(MilliSeconds(594)),
                          MakeTimeAccessor(&CryptoCostModel::m_ecdsaVerify),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("EcdheKeygenAndShared",
                          "ECDHE P-256 key generation plus shared secret. Default: Cortex-M4. "
                          "ECDHE_KEYGEN alone costs EcdheKeygenAndShared - EcdhShared.",
                          TimeValue(MilliSeconds(566)),
                          MakeTimeAccessor(&CryptoCostModel::m_ecdheKeygenAndShared),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("EcdhShared",
                          "ECDH P-256 shared secret alone. Default: Cortex-M4.",
                          TimeValue(MilliSeconds(281)),
                          MakeTimeAccessor(&CryptoCostModel::m_ecdhShared),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("DheKeygenAndShared",
                          "DHE-2048 key generation plus shared secret. Assumption (no figure): "
                          "one RSA-2048 private operation.",
                          TimeValue(MilliSeconds(953)),
                          MakeTimeAccessor(&CryptoCostModel::m_dheKeygenAndShared),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Psk",
                          "Pre-shared-key lookup. Assumption: negligible.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&CryptoCostModel::m_psk),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("HandshakeOverhead",
                          "Work per handshake that is not cryptography (message parsing, "
                          "session set-up, record layer). server-x86: 1/17500 s, from the "
                          "resumed-handshake rate of an in-memory OpenSSL 3.0 pair on one x86 "
                          "core (calibration.md); module classes: the same 142 857 cycles at "
                          "their clock (1.19 ms at 120 MHz; assumption: the same cycles).",
                          TimeValue(Seconds(kProtocolCycles / 120e6)),
                          MakeTimeAccessor(&CryptoCostModel::m_handshakeOverhead),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("X509ParseCycles",
                          "Cycles to decode one X.509 certificate (a peer's, or one of this "
                          "side's files). Module classes: 225000, OpenSSL 3.0's d2i_X509 "
                          "measured here (~90 us on one x86 core at 2.5 GHz; assumption: the "
                          "same cycles on the MCU). server-x86: 0 (inside its calibrated "
                          "handshake rates).",
                          DoubleValue(kX509ParseCycles),
                          MakeDoubleAccessor(&CryptoCostModel::m_x509ParseCycles),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("FlashReadRate",
                          "Read rate of this side's certificate and key files at each "
                          "handshake, in bytes/s; 0 = the files are held in RAM and cost "
                          "nothing per handshake. Module classes: 2e6 (assumption); "
                          "server-x86: 0.",
                          DoubleValue(kModuleFlashRate),
                          MakeDoubleAccessor(&CryptoCostModel::m_flashReadRate),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Speed",
                          "Speed bracket for sensitivity studies: Slow (EC operations times "
                          "SlowEcFactor), Nominal (the class's figures) or Fast (every cost "
                          "times FastScale).",
                          EnumValue(CryptoCostModel::NOMINAL),
                          MakeEnumAccessor(&CryptoCostModel::m_speed),
                          MakeSpeedChecker())
            .AddAttribute("SlowEcFactor",
                          "Factor of every elliptic-curve operation in the Slow bracket. "
                          "Default 4: mbedTLS documents MBEDTLS_ECP_NIST_OPTIM as making "
                          "NIST-curve operations 4 to 8 times faster (mbedtls_config.h).",
                          DoubleValue(4.0),
                          MakeDoubleAccessor(&CryptoCostModel::m_slowEcFactor),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("FastScale",
                          "Factor of every cost in the Fast bracket. mdm9205-a7: 0.15 (the "
                          "Cortex-M4 cycle counts at the Cortex-A7's 800 MHz); "
                          "cortex-m4-120mhz: 0.5 (assumption); server-x86: 1.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CryptoCostModel::m_fastScale),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ClockHz",
                          "Processor clock for per-byte costs, in Hz. Default: Cortex-M4 "
                          "~120 MHz.",
                          DoubleValue(120e6),
                          MakeDoubleAccessor(&CryptoCostModel::m_clockHz),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("Sha256CyclesPerByte",
                          "SHA-256 cycles per byte. Default: Cortex-M4.",
                          DoubleValue(70),
                          MakeDoubleAccessor(&CryptoCostModel::m_sha256CyclesPerByte),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("AesCbcCyclesPerByte",
                          "AES-CBC-128 cycles per byte. Default: Cortex-M4.",
                          DoubleValue(82),
                          MakeDoubleAccessor(&CryptoCostModel::m_aesCbcCyclesPerByte),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("AesCcmCyclesPerByte",
                          "AES-CCM-128 cycles per byte. Default: Cortex-M4.",
                          DoubleValue(192),
                          MakeDoubleAccessor(&CryptoCostModel::m_aesCcmCyclesPerByte),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("AesGcmCyclesPerByte",
                          "AES-GCM-128 cycles per byte. Default: Cortex-M4.",
                          DoubleValue(242),
                          MakeDoubleAccessor(&CryptoCostModel::m_aesGcmCyclesPerByte),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ChaCha20Poly1305CyclesPerByte",
                          "ChaCha20-Poly1305 cycles per byte. Assumption (no figure): as "
                          "AES-GCM.",
                          DoubleValue(242),
                          MakeDoubleAccessor(&CryptoCostModel::m_chachaPolyCyclesPerByte),
                          MakeDoubleChecker<double>(0.0));
    return tid;
}

CryptoCostModel::CryptoCostModel()
{
    NS_LOG_FUNCTION(this);
}

CryptoCostModel::~CryptoCostModel()
{
    NS_LOG_FUNCTION(this);
}

Time
CryptoCostModel::GetCost(const CryptoStep& step) const
{
    auto scaled = [](Time reference, double factor)
    {
        return Seconds(reference.GetSeconds() * factor);
    };
    auto rsaRatio = [&]()
    {
        return CheckedKeyBits(step) / 2048.0;
    };
    auto ecRatio = [&]()
    {
        return CheckedKeyBits(step) / 256.0;
    };
    auto perByte = [&](double cyclesPerByte)
    {
        return Seconds(cyclesPerByte * static_cast<double>(step.bytes) /
                       CheckedPositive("ClockHz", m_clockHz));
    };
    Time cost;
    switch (step.op)
    {
        case CryptoOperation::RSA_PUBLIC:
            cost = scaled(m_rsaPublic, std::pow(rsaRatio(), 2));
            break;
        case CryptoOperation::RSA_PRIVATE:
            cost = scaled(m_rsaPrivate, std::pow(rsaRatio(), 3));
            break;
        case CryptoOperation::DHE_KEYGEN_AND_SHARED:
            cost = scaled(m_dheKeygenAndShared, std::pow(rsaRatio(), 3));
            break;
        case CryptoOperation::ECDSA_SIGN:
            cost = scaled(m_ecdsaSign, std::pow(ecRatio(), 2));
            break;
        case CryptoOperation::ECDSA_VERIFY:
            cost = scaled(m_ecdsaVerify, std::pow(ecRatio(), 2));
            break;
        case CryptoOperation::ECDHE_KEYGEN_AND_SHARED:
            cost = scaled(m_ecdheKeygenAndShared, std::pow(ecRatio(), 2));
            break;
        case CryptoOperation::ECDHE_KEYGEN:
        {
            Time keygen = m_ecdheKeygenAndShared > m_ecdhShared
                              ? m_ecdheKeygenAndShared - m_ecdhShared
                              : Time(0);
            cost = scaled(keygen, std::pow(ecRatio(), 2));
            break;
        }
        case CryptoOperation::ECDH_SHARED:
            cost = scaled(m_ecdhShared, std::pow(ecRatio(), 2));
            break;
        case CryptoOperation::PSK:
            cost = m_psk;
            break;
        case CryptoOperation::HANDSHAKE_OVERHEAD:
            cost = m_handshakeOverhead;
            break;
        case CryptoOperation::CERTIFICATE_PARSE:
            cost = Seconds(m_x509ParseCycles / CheckedPositive("ClockHz", m_clockHz));
            break;
        case CryptoOperation::FILE_LOAD:
            if (m_flashReadRate > 0)
            {
                cost = Seconds(static_cast<double>(step.bytes) / m_flashReadRate +
                               step.objects * m_x509ParseCycles /
                                   CheckedPositive("ClockHz", m_clockHz));
            }
            break;
        case CryptoOperation::HASH_BYTES:
            cost = perByte(m_sha256CyclesPerByte);
            break;
        case CryptoOperation::CIPHER_BYTES:
        {
            double rounds = 1.0;
            if (step.cipher != CipherKind::CHACHA20_POLY1305 && step.cipher != CipherKind::NONE)
            {
                switch (step.keyBits)
                {
                    case 0:
                    case 128:
                        rounds = 1.0;
                        break;
                    case 192:
                        rounds = 1.2;
                        break;
                    case 256:
                        rounds = 1.4;
                        break;
                    default:
                        NS_FATAL_ERROR("CryptoCostModel::GetCost: CryptoStep.keyBits: "
                                       << step.keyBits
                                       << " is not an AES key size (128, 192, 256)");
                }
            }
            switch (step.cipher)
            {
                case CipherKind::AES_CBC:
                    cost = perByte(m_aesCbcCyclesPerByte * rounds);
                    break;
                case CipherKind::AES_CCM:
                    cost = perByte(m_aesCcmCyclesPerByte * rounds);
                    break;
                case CipherKind::AES_GCM:
                    cost = perByte(m_aesGcmCyclesPerByte * rounds);
                    break;
                case CipherKind::CHACHA20_POLY1305:
                    cost = perByte(m_chachaPolyCyclesPerByte);
                    break;
                case CipherKind::NONE:
                    cost = Time(0);
                    break;
            }
            break;
        }
    }
    const double factor = GetSpeedFactor(step.op);
    if (factor != 1.0)
    {
        cost = Seconds(cost.GetSeconds() * factor);
    }
    NS_LOG_LOGIC(this << " " << ToString(step) << " costs " << cost.As(Time::MS));
    return cost;
}

Time
CryptoCostModel::GetCost(const std::vector<CryptoStep>& steps) const
{
    Time total;
    for (const auto& step : steps)
    {
        total += GetCost(step);
    }
    return total;
}

Ptr<CryptoCostModel>
CryptoCostModel::CreateForMcuClass(const std::string& mcuClass)
{
    NS_LOG_FUNCTION(mcuClass);
    const auto& registry = Registry();
    auto it = registry.find(mcuClass);
    if (it == registry.end())
    {
        std::ostringstream known;
        for (const auto& name : GetMcuClasses())
        {
            known << (known.tellp() > 0 ? ", " : "") << '"' << name << '"';
        }
        NS_FATAL_ERROR("CryptoCostModel::CreateForMcuClass: mcuClass: \""
                       << mcuClass << "\" is not a known processor class (known: " << known.str()
                       << ")");
    }
    const McuFigures& f = it->second;
    auto model = CreateObject<CryptoCostModel>();
    model->m_mcuClass = mcuClass;
    model->SetAttribute("RsaPublic", TimeValue(Seconds(f.rsaPublic)));
    model->SetAttribute("RsaPrivate", TimeValue(Seconds(f.rsaPrivate)));
    model->SetAttribute("EcdsaSign", TimeValue(Seconds(f.ecdsaSign)));
    model->SetAttribute("EcdsaVerify", TimeValue(Seconds(f.ecdsaVerify)));
    model->SetAttribute("EcdheKeygenAndShared", TimeValue(Seconds(f.ecdheKeygenAndShared)));
    model->SetAttribute("EcdhShared", TimeValue(Seconds(f.ecdhShared)));
    model->SetAttribute("DheKeygenAndShared", TimeValue(Seconds(f.dheKeygenAndShared)));
    model->SetAttribute("ClockHz", DoubleValue(f.clockHz));
    model->SetAttribute("Sha256CyclesPerByte", DoubleValue(f.sha256));
    model->SetAttribute("AesCbcCyclesPerByte", DoubleValue(f.aesCbc));
    model->SetAttribute("AesCcmCyclesPerByte", DoubleValue(f.aesCcm));
    model->SetAttribute("AesGcmCyclesPerByte", DoubleValue(f.aesGcm));
    model->SetAttribute("ChaCha20Poly1305CyclesPerByte", DoubleValue(f.chachaPoly));
    model->SetAttribute("HandshakeOverhead", TimeValue(Seconds(f.handshakeOverhead)));
    model->SetAttribute("X509ParseCycles", DoubleValue(f.x509ParseCycles));
    model->SetAttribute("FlashReadRate", DoubleValue(f.flashReadRate));
    model->SetAttribute("FastScale", DoubleValue(f.fastScale));
    return model;
}

double
CryptoCostModel::GetSpeedFactor(CryptoOperation op) const
{
    switch (m_speed)
    {
        case NOMINAL:
            return 1.0;
        case FAST:
            return m_fastScale;
        case SLOW:
            switch (op)
            {
                case CryptoOperation::ECDSA_SIGN:
                case CryptoOperation::ECDSA_VERIFY:
                case CryptoOperation::ECDHE_KEYGEN_AND_SHARED:
                case CryptoOperation::ECDHE_KEYGEN:
                case CryptoOperation::ECDH_SHARED:
                    return m_slowEcFactor;
                default:
                    return 1.0;
            }
    }
    return 1.0;
}

void
CryptoCostModel::ScaleToClock(double clockHz)
{
    NS_LOG_FUNCTION(this << clockHz);
    if (!(clockHz > 0) || !std::isfinite(clockHz))
    {
        NS_FATAL_ERROR("CryptoCostModel::ScaleToClock: clockHz: " << clockHz << " must be > 0");
    }
    const double factor = CheckedPositive("ClockHz", m_clockHz) / clockHz;
    for (Time* t : {&m_rsaPublic,
                    &m_rsaPrivate,
                    &m_ecdsaSign,
                    &m_ecdsaVerify,
                    &m_ecdheKeygenAndShared,
                    &m_ecdhShared,
                    &m_dheKeygenAndShared,
                    &m_psk,
                    &m_handshakeOverhead})
    {
        *t = Seconds(t->GetSeconds() * factor);
    }
    m_clockHz = clockHz;
}

std::string
CryptoCostModel::GetSpeedName(Speed speed)
{
    switch (speed)
    {
        case SLOW:
            return "slow";
        case NOMINAL:
            return "nominal";
        case FAST:
            return "fast";
    }
    return "?";
}

bool
CryptoCostModel::CheckSpeedName(const std::string& option,
                                const std::string& name,
                                std::string& error)
{
    Speed speed;
    if (ParseSpeedName(name, speed))
    {
        return true;
    }
    error = option + ": \"" + name + "\" is not one of slow|nominal|fast";
    return false;
}

Ptr<const AttributeChecker>
CryptoCostModel::MakeSpeedChecker()
{
    return MakeEnumChecker(SLOW, "Slow", NOMINAL, "Nominal", FAST, "Fast");
}

bool
CryptoCostModel::ParseSpeedName(const std::string& name, Speed& speed)
{
    for (Speed s : {SLOW, NOMINAL, FAST})
    {
        if (name == GetSpeedName(s))
        {
            speed = s;
            return true;
        }
    }
    return false;
}

std::vector<std::string>
CryptoCostModel::GetMcuClasses()
{
    std::vector<std::string> names;
    for (const auto& entry : Registry())
    {
        names.push_back(entry.first);
    }
    return names;
}

const std::string&
CryptoCostModel::GetMcuClass() const
{
    return m_mcuClass;
}

} // namespace lpwa
} // namespace ns3
