/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_QUECTEL_SSL_COMMANDS_H
#define LPWA_QUECTEL_SSL_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The settings of one Quectel SSL context (`AT+QSSLCFG`), a plain record.
 *
 * Defaults are those underlined in section 2.3.1 of the BG95/BG77/BG600L SSL Application Note.
 * The settings are not saved: they live as long as the module object.
 */
struct QuectelSslContextConfig
{
    uint8_t sslVersion{4};        //!< 0 SSL3.0, 1 TLS1.0, 2 TLS1.1, 3 TLS1.2, 4 all
    uint16_t cipherSuite{0xFFFF}; //!< IANA cipher-suite number, 0xFFFF = all of the profile's
    std::string caCert;           //!< `cacert` path as typed (may carry `UFS:`), "" = none
    std::string clientCert;       //!< `clientcert` path as typed, "" = none
    std::string clientKey;        //!< `clientkey` path as typed, "" = none
    uint8_t secLevel{0};          //!< 0 none, 1 server auth, 2 server and client auth
    bool session{false};          //!< SSL session resumption
    bool sni{false};              //!< server name indication
    bool checkHost{false};        //!< host name validation
    bool ignoreLocalTime{true};   //!< ignore the certificate validity period
    uint16_t negotiateTime{300};  //!< maximum negotiation time in seconds, 10-300
    bool renegotiation{false};    //!< TLS renegotiation support
    bool dtls{false};             //!< DTLS instead of TLS
    uint8_t dtlsVersion{2};       //!< 0 DTLS1.0, 1 DTLS1.2, 2 both
};

/**
 * \brief The Quectel SSL configuration commands: `AT+QSSLCFG` (every sub-command of section
 *        2.3.1 of the BG95/BG77/BG600L SSL Application Note) and `AT+QSSLCRYPT` (2.3.7).
 *
 * `AT+QSSLCFG="<name>",<ctx>` queries a setting, `AT+QSSLCFG="<name>",<ctx>,<value>` sets it;
 * an unknown sub-command, a context outside 0..GetSslContextCount()-1, a value out of range or
 * of the wrong lexical kind gives `ERROR`. `ciphersuite` takes an unquoted hex number (`0X0035`
 * or `0x0035`); a quoted one is an error, as on a real module. It must be one of the profile's
 * suites or `0XFFFF`. Paths are quoted strings, stored as typed (the file need not exist yet).
 *
 * `AT+QSSLCRYPT="AES",<input>,<format>,<mode>,<key>` runs AES-128-CBC with an all-zero IV and
 * no padding (the manual names neither): the input (after hex decoding with `<format>`=1) must
 * be 1 to 256 bytes and a multiple of 16 bytes, the key exactly 16 bytes. `<mode>` 1 encrypts,
 * 0 decrypts. `AT+QSSLCRYPT="MD5",<input>` hashes a string of at most 256 bytes. The output is
 * upper-case hex, quoted (the manual calls `<output_data>` a "Hex String type", and Quectel
 * quotes string-type results): `+QSSLCRYPT: "AES","<HEX>"`, `+QSSLCRYPT: "MD5","<HEX>"`.
 * Every error gives `ERROR`.
 */
class QuectelSslCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QuectelSslCommands();
    ~QuectelSslCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;

    /**
     * \brief Get the settings of one SSL context.
     * \param id the SSL context ID, below the profile's SSL context count
     * \return the settings (aborts on an ID out of range)
     */
    const QuectelSslContextConfig& GetContext(uint8_t id) const;

    /// \brief \return the number of SSL contexts (0 before Install())
    uint32_t GetContextCount() const;

    /**
     * \brief AES-128-CBC with an all-zero IV and no padding, as `AT+QSSLCRYPT="AES"` does.
     * \param input the data, a non-empty multiple of 16 bytes
     * \param key the 16-byte key
     * \param encrypt true to encrypt, false to decrypt
     * \param[out] output the result
     * \return false if the lengths are wrong or OpenSSL fails
     */
    static bool Aes128Cbc(const std::string& input,
                          const std::string& key,
                          bool encrypt,
                          std::string& output);

    /**
     * \brief The MD5 digest of some data.
     * \param input the data
     * \return the 16-byte digest
     */
    static std::string Md5(const std::string& input);

    /**
     * \brief Format bytes as upper-case hex.
     * \param bytes the bytes
     * \return two hex digits per byte
     */
    static std::string ToHex(const std::string& bytes);

  protected:
    void DoDispose() override;

  private:
    /// \brief Handle `AT+QSSLCFG`. \param command the command
    void HandleQsslcfg(const AtCommand& command);
    /// \brief Handle `AT+QSSLCRYPT`. \param command the command
    void HandleQsslcrypt(const AtCommand& command);
    /// \brief \return the `+QSSLCFG: "ciphersuite"` value list of the test command
    std::string CipherSuiteList() const;

    Ptr<LpwaModule> m_module;                        //!< the module
    std::vector<QuectelSslContextConfig> m_contexts; //!< one per SSL context ID
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_QUECTEL_SSL_COMMANDS_H
