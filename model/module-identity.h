/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_MODULE_IDENTITY_H
#define LPWA_MODULE_IDENTITY_H

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The identities a module and its SIM report: IMEI, IMSI and ICCID, valid in form and
 *        derived deterministically from a device index.
 *
 * - IMEI (3GPP TS 23.003 6.2.1): 8-digit TAC, 6-digit serial number, Luhn check digit. The
 *   default TAC starts with the reporting body "00", which GSMA keeps for test IMEIs, so a
 *   modelled device never carries a real device's identity.
 * - IMSI (TS 23.003 2.2): MCC, MNC and an MSIN that fills 15 digits.
 * - ICCID (ITU-T E.118): "89" (telecommunications), the MCC as country code, the MNC as
 *   issuer, the device index as account number, Luhn check digit: 20 digits with a 2-digit
 *   MNC.
 *
 * The default network is the 3GPP test PLMN 001/01 (TS 23.003 / TS 34.108).
 */
class ModuleIdentity
{
  public:
    /**
     * \brief The Luhn check digit of a string of decimal digits (ISO/IEC 7812-1 Annex B).
     * \param digits the digits before the check digit
     * \return the check digit, '0'..'9'
     */
    static char LuhnDigit(const std::string& digits);

    /**
     * \brief Is a string of decimal digits, with its last digit a valid Luhn check digit.
     * \param number the number
     * \param minLength the fewest digits allowed
     * \param maxLength the most digits allowed
     * \return true when valid
     */
    static bool IsLuhnValid(const std::string& number, size_t minLength, size_t maxLength);

    /**
     * \brief An IMEI for a device.
     * \param tac 8-digit type allocation code
     * \param index the device index (serial number: index modulo 10^6)
     * \return 15 digits
     */
    static std::string MakeImei(const std::string& tac, uint64_t index);

    /**
     * \brief An IMSI for a device.
     * \param mcc 3-digit mobile country code
     * \param mnc 2- or 3-digit mobile network code
     * \param index the device index (the MSIN, zero-padded)
     * \return 15 digits
     */
    static std::string MakeImsi(const std::string& mcc, const std::string& mnc, uint64_t index);

    /**
     * \brief An ICCID for a device's SIM.
     * \param mcc the country code used
     * \param mnc the issuer identifier used
     * \param index the device index (account number, 12 digits)
     * \return 19 or 20 digits
     */
    static std::string MakeIccid(const std::string& mcc, const std::string& mnc, uint64_t index);

    /**
     * \brief Is a string made of decimal digits only, of a length in a range.
     * \param text the text
     * \param minLength the fewest digits
     * \param maxLength the most digits
     * \return true when it is
     */
    static bool IsDigits(const std::string& text, size_t minLength, size_t maxLength);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_MODULE_IDENTITY_H
