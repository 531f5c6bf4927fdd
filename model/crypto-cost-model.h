/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_CRYPTO_COST_MODEL_H
#define LPWA_CRYPTO_COST_MODEL_H

#include "crypto-operation.h"

#include "ns3/attribute.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Maps cryptographic work to simulated processor time, deterministically.
 *
 * The cost of a handshake is modelled, never measured on the host: each CryptoStep costs a
 * fixed time derived from the attributes. Public-key attributes give the cost at the reference
 * sizes (RSA/DH-2048, P-256) and are scaled by key size:
 * - RSA private and DHE: (bits / 2048)^3 (modular exponentiation with a full-size exponent);
 * - RSA public: (bits / 2048)^2 (small public exponent, so one multiplication per squaring);
 * - EC operations: (bits / 256)^2, so P-384 costs 2.25x P-256 (assumption: field
 *   multiplication is quadratic in the field size and the scalar-multiplication count is
 *   about the same, the P-384 ~2.2x figure usually quoted for mbedTLS).
 * Symmetric work costs `<Cipher>CyclesPerByte * bytes / ClockHz`; AES-192/256 are scaled by
 * their round count, 12/10 and 14/10 (assumption).
 *
 * Processor classes are created by name with CreateForMcuClass(); a module takes its class from
 * ModuleProfile::GetMcuClass().
 */
class CryptoCostModel : public Object
{
  public:
    /**
     * \brief The speed bracket of a processor class, for sensitivity studies.
     *
     * NOMINAL is the class's figures. SLOW multiplies every elliptic-curve operation by
     * SlowEcFactor (an mbedTLS built without MBEDTLS_ECP_NIST_OPTIM). FAST multiplies every
     * cost by the class's FastScale (e.g. the MDM9205's Cortex-A7 at 800 MHz).
     */
    enum Speed
    {
        SLOW,    //!< EC operations times SlowEcFactor
        NOMINAL, //!< the class's figures
        FAST,    //!< every cost times FastScale
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CryptoCostModel();
    ~CryptoCostModel() override;

    /**
     * \brief Get the simulated time one step takes on this processor.
     * \param step the step; a public-key step with keyBits 0 is a fatal error
     * \return its cost
     */
    Time GetCost(const CryptoStep& step) const;

    /**
     * \brief Get the simulated time a sequence of steps takes on this processor.
     * \param steps the steps
     * \return the sum of their costs
     */
    Time GetCost(const std::vector<CryptoStep>& steps) const;

    /**
     * \brief Create a cost model configured for a named processor class.
     *
     * Known classes: "cortex-m4-120mhz" (the mbedTLS benchmark figures), "mdm9205-a7" (the
     * Quectel BG95/BG77/BG600L baseband; same figures, see the .cc), "server-x86" (one core of
     * a TLS server). An unknown name is a fatal error that lists the known ones.
     *
     * \param mcuClass the class name
     * \return a new model with that class's attribute values
     */
    static Ptr<CryptoCostModel> CreateForMcuClass(const std::string& mcuClass);

    /**
     * \brief Get the names CreateForMcuClass() accepts.
     * \return the class names, sorted
     */
    static std::vector<std::string> GetMcuClasses();

    /**
     * \brief Get the processor class this model was created for.
     * \return the class name, or "" for a default-constructed model
     */
    const std::string& GetMcuClass() const;

    /**
     * \brief Re-time this model for the same kind of processor at another clock.
     *
     * Every per-operation time is multiplied by ClockHz / clockHz and ClockHz becomes clockHz,
     * so per-byte costs follow too (assumption: the same cycle counts at any clock).
     *
     * \param clockHz the new clock in Hz; not positive is a fatal error
     */
    void ScaleToClock(double clockHz);

    /**
     * \brief Name a speed bracket as the attribute and the command lines spell it.
     * \param speed the bracket
     * \return "slow", "nominal" or "fast"
     */
    static std::string GetSpeedName(Speed speed);

    /**
     * \brief Parse a speed bracket name ("slow", "nominal", "fast").
     * \param name the name
     * \param[out] speed the bracket, when the name is known
     * \return true if the name is known
     */
    static bool ParseSpeedName(const std::string& name, Speed& speed);

    /**
     * \brief Check a speed bracket name given on a command line.
     * \param option the option, e.g. "--mcu-speed", named in the error
     * \param name the value given
     * \param[out] error why it is refused
     * \return true if the name is known
     */
    static bool CheckSpeedName(const std::string& option,
                               const std::string& name,
                               std::string& error);

    /**
     * \brief The attribute checker of a Speed attribute (Slow, Nominal, Fast).
     * \return the checker
     */
    static Ptr<const AttributeChecker> MakeSpeedChecker();

  private:
    /// \return the factor the speed bracket applies to an operation
    double GetSpeedFactor(CryptoOperation op) const;

    Speed m_speed{NOMINAL};              //!< the speed bracket
    double m_slowEcFactor{4};            //!< EC factor of the SLOW bracket
    double m_fastScale{1};               //!< factor of the FAST bracket
    double m_x509ParseCycles{0};         //!< cycles to decode one certificate
    double m_flashReadRate{0};           //!< certificate-file read rate (B/s); 0: held in RAM
    std::string m_mcuClass;              //!< class name given to CreateForMcuClass()
    Time m_rsaPublic;                    //!< RSA-2048 public op
    Time m_rsaPrivate;                   //!< RSA-2048 private op
    Time m_ecdsaSign;                    //!< ECDSA P-256 sign
    Time m_ecdsaVerify;                  //!< ECDSA P-256 verify
    Time m_ecdheKeygenAndShared;         //!< ECDHE P-256 keygen + shared
    Time m_ecdhShared;                   //!< ECDH P-256 shared only
    Time m_dheKeygenAndShared;           //!< DHE-2048 keygen + shared
    Time m_psk;                          //!< PSK lookup
    Time m_handshakeOverhead;            //!< non-crypto work per handshake
    double m_clockHz{0};                 //!< clock frequency for per-byte costs
    double m_sha256CyclesPerByte{0};     //!< SHA-256 cycles per byte
    double m_aesCbcCyclesPerByte{0};     //!< AES-CBC-128 cycles per byte
    double m_aesCcmCyclesPerByte{0};     //!< AES-CCM-128 cycles per byte
    double m_aesGcmCyclesPerByte{0};     //!< AES-GCM-128 cycles per byte
    double m_chachaPolyCyclesPerByte{0}; //!< ChaCha20-Poly1305 cycles per byte
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_CRYPTO_COST_MODEL_H
