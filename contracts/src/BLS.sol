// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title BLS
/// @notice BLS12-381 signature verification (public keys in G1, signatures in G2, the
/// Ethereum consensus scheme) with the EIP-2537 precompiles. Points use the EIP-2537
/// encoding: every field element is 64 bytes, big-endian, the top 16 bytes zero; a G1 point
/// is x ‖ y (128 bytes), a G2 point is x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (256 bytes).
library BLS {
    /// @notice Domain separation tag of the proof-of-possession ciphersuite used by Ethereum.
    bytes internal constant DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    address private constant G2_ADD = address(0x0d);
    address private constant PAIRING = address(0x0f);
    address private constant MAP_FP2_TO_G2 = address(0x11);
    address private constant MODEXP = address(0x05);

    // The base field modulus p, as two words of its 64-byte encoding.
    uint256 private constant P_HI = 0x1a0111ea397fe69a4b1ba7b6434bacd7;
    uint256 private constant P_LO = 0x64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab;
    // The negated G1 generator.
    uint256 private constant NG1_X_HI = 0x17f1d3a73197d7942695638c4fa9ac0f;
    uint256 private constant NG1_X_LO = 0xc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb;
    uint256 private constant NG1_Y_HI = 0x114d1d6855d545a8aa7d76c8cf2e21f2;
    uint256 private constant NG1_Y_LO = 0x67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca;

    /// @notice Reports whether signature is a valid signature of message under pubkey.
    /// Malformed or off-subgroup points make it return false, never revert.
    function verify(bytes memory pubkey, bytes memory message, bytes memory signature) internal view returns (bool) {
        if (pubkey.length != 128 || signature.length != 256) return false;
        if (keccak256(pubkey) == keccak256(new bytes(128))) return false; // the point at infinity
        (bool ok, bytes memory h) = hashToG2(message);
        if (!ok) return false;
        bytes memory input = abi.encodePacked(pubkey, h, NG1_X_HI, NG1_X_LO, NG1_Y_HI, NG1_Y_LO, signature);
        bytes memory out;
        (ok, out) = PAIRING.staticcall(input);
        return ok && out.length == 32 && abi.decode(out, (uint256)) == 1;
    }

    /// @notice hash_to_curve for G2 (RFC 9380, BLS12381G2_XMD:SHA-256_SSWU_RO_) with DST.
    function hashToG2(bytes memory message) internal view returns (bool ok, bytes memory point) {
        bytes memory u = expandMessageXmd(message, 256);
        bytes memory q0;
        bytes memory q1;
        (ok, q0) = MAP_FP2_TO_G2.staticcall(abi.encodePacked(modP(u, 0), modP(u, 64)));
        if (!ok) return (false, "");
        (ok, q1) = MAP_FP2_TO_G2.staticcall(abi.encodePacked(modP(u, 128), modP(u, 192)));
        if (!ok) return (false, "");
        (ok, point) = G2_ADD.staticcall(abi.encodePacked(q0, q1));
    }

    /// @notice expand_message_xmd with SHA-256 (RFC 9380 §5.3.1); n is at most 255 × 32.
    function expandMessageXmd(bytes memory message, uint256 n) internal view returns (bytes memory out) {
        bytes memory dstPrime = abi.encodePacked(DST, uint8(DST.length));
        bytes32 b0 = sha256(abi.encodePacked(new bytes(64), message, uint16(n), uint8(0), dstPrime));
        bytes32 bi = sha256(abi.encodePacked(b0, uint8(1), dstPrime));
        out = abi.encodePacked(bi);
        uint256 blocks = (n + 31) / 32;
        for (uint256 i = 2; i <= blocks; i++) {
            bi = sha256(abi.encodePacked(b0 ^ bi, uint8(i), dstPrime));
            out = abi.encodePacked(out, bi);
        }
    }

    /// @notice Reduces the 64 bytes of u at offset modulo p, giving a 64-byte field element.
    function modP(bytes memory u, uint256 offset) private view returns (bytes memory r) {
        bytes32 a;
        bytes32 b;
        assembly {
            a := mload(add(add(u, 32), offset))
            b := mload(add(add(u, 64), offset))
        }
        bool ok;
        (ok, r) = MODEXP.staticcall(abi.encodePacked(uint256(64), uint256(1), uint256(64), a, b, uint8(1), P_HI, P_LO));
        require(ok && r.length == 64);
    }
}
