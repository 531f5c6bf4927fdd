/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "crypto-cost-model.h"

#include "ns3/abort.h"
#include "ns3/double.h"
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
 * Sha256, AesCbc, AesCcm, AesGcm, ChaCha20Poly1305 cycles per byte.
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
};

/*
 * Cortex-M4 ~120 MHz, mbedTLS: calibration.md "Crypto cost on module-class MCUs", rows
 * "Cortex-M4 ~120 MHz (mbedTLS)" (ARMmbed/mbed-os-example-tls benchmark/README.md, status V):
 * RSA-2048 public/private 28/953 ms; ECDSA P-256 sign/verify 304/594 ms; ECDHE P-256
 * keygen+shared / ECDH only 566/281 ms; SHA-256, AES-CBC-128, AES-CCM-128, AES-GCM-128
 * 70, 82, 192, 242 cycles/byte.
 * Assumptions (no figure in the table): DHE-2048 keygen+shared = one RSA-2048 private op
 * (953 ms); ChaCha20-Poly1305 = AES-GCM's 242 cycles/byte.
 */
const McuFigures kCortexM4 =
    {0.028, 0.953, 0.304, 0.594, 0.566, 0.281, 0.953, 120e6, 70, 82, 192, 242, 242, 0};

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
                               kServerOverhead};

/// The registry of processor classes.
const std::map<std::string, McuFigures>&
Registry()
{
    /*
     * "mdm9205-a7": the Qualcomm MDM9205 (Cortex-A7) of the Quectel BG95/BG77/BG600L. There is
     * no published mbedTLS benchmark for it: it uses the Cortex-M4 figures (assumption).
     * Cross-check, calibration.md: full ECDHE-RSA handshakes take 4.9-5.0 s on an STM32F746
     * 216 MHz (blog "Handshake Times by Cipher using mbedTLS", V), ~1.66 s on an ESP32 240 MHz
     * (haumacher/phoneblock #322, V), 7-10 s on an unnamed MCU to AWS IoT (Mbed-TLS/mbedtls
     * #1884, V); these figures give ~0.6-1.9 s of client crypto per full handshake, the order
     * of seconds those rows show.
     */
    static const std::map<std::string, McuFigures> registry = {
        {"cortex-m4-120mhz", kCortexM4},
        {"mdm9205-a7", kCortexM4},
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
                          "session cache, record layer). Module MCU classes: 0 (the mbedTLS "
                          "figures time the primitives; transcript hashing is HASH_BYTES). "
                          "server-x86: 1/17500 s, from the resumed-handshake rate of an "
                          "in-memory OpenSSL 3.0 pair on one x86 core (calibration.md).",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&CryptoCostModel::m_handshakeOverhead),
                          MakeTimeChecker(Time(0)))
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
    return model;
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
