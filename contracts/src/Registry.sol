// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BLS} from "./BLS.sol";

/// @title Registry
/// @notice Operators register validator BLS keys (each with a proof of possession), lock ETH
/// collateral behind the promises their committer signs, and leave only after a delay longer
/// than any challenge can last. The PreconfSlasher is the only contract that can lock, release
/// and take collateral.
contract Registry {
    struct Operator {
        address committer; // ECDSA key that signs promises for the operator's validators
        uint64 unregisterRequestedAt; // 0 while active
        uint32 validators; // number of registered BLS keys
        uint256 collateral; // wei held for the operator, including the locked part
        uint256 locked; // wei reserved by open challenges
    }

    /// @notice Collateral an operator must deposit to register.
    uint256 public immutable minCollateral;
    /// @notice Seconds between an unregistration request and the release of the collateral.
    uint256 public immutable unregistrationDelay;
    /// @notice Account allowed to set the slasher once.
    address public immutable deployer;
    /// @notice The PreconfSlasher; set once after deployment.
    address public slasher;

    /// @notice Operators by owner address (the account that registered and may withdraw).
    mapping(address owner => Operator) public operators;
    /// @notice Owner of each committer address.
    mapping(address committer => address owner) public ownerOfCommitter;
    /// @notice Owner of each validator key, by keccak256 of its 128-byte EIP-2537 G1 encoding.
    mapping(bytes32 pubkeyHash => address owner) public ownerOfValidator;
    mapping(address owner => bytes32[]) internal keysOf;

    /// @notice Totals that let anyone check that collateral is conserved.
    uint256 public totalDeposited;
    uint256 public totalSlashed;
    uint256 public totalWithdrawn;

    event OperatorRegistered(address indexed owner, address indexed committer, uint256 collateral);
    event ValidatorRegistered(address indexed owner, bytes32 indexed pubkeyHash, bytes pubkey);
    event CollateralDeposited(address indexed owner, uint256 amount);
    event UnregistrationRequested(address indexed owner, uint256 releaseAt);
    event CollateralWithdrawn(address indexed owner, uint256 amount);
    event CollateralLocked(address indexed owner, uint256 amount);
    event CollateralReleased(address indexed owner, uint256 amount);
    event CollateralSlashed(address indexed owner, uint256 amount);

    error NotDeployer();
    error NotSlasher();
    error SlasherAlreadySet();
    error AlreadyRegistered(address owner);
    error NotRegistered(address owner);
    error InsufficientCollateral(uint256 got, uint256 want);
    error BadCommitter(address committer);
    error BadPubkeys(uint256 keys, uint256 proofs);
    error ValidatorTaken(bytes32 pubkeyHash);
    error BadProofOfPossession(uint256 index);
    error Unregistering(address owner);
    error NotUnregistering(address owner);
    error TooEarly(uint256 now_, uint256 releaseAt);
    error CollateralInUse(uint256 locked);
    error TransferFailed();

    constructor(uint256 minCollateral_, uint256 unregistrationDelay_) {
        minCollateral = minCollateral_;
        unregistrationDelay = unregistrationDelay_;
        deployer = msg.sender;
    }

    /// @notice Sets the slasher; callable once by the deployer.
    function setSlasher(address slasher_) external {
        if (msg.sender != deployer) revert NotDeployer();
        if (slasher != address(0)) revert SlasherAlreadySet();
        slasher = slasher_;
    }

    /// @notice The message each validator key signs to prove possession: it binds the key to
    /// this registry, chain, owner and committer so that a proof cannot be replayed elsewhere.
    function popMessage(address owner, address committer) public view returns (bytes memory) {
        return abi.encodePacked("based-registration", block.chainid, address(this), owner, committer);
    }

    /// @notice Registers msg.sender as an operator with the given committer, validator keys
    /// (128-byte EIP-2537 G1 points) and their proofs of possession (256-byte G2 signatures over
    /// popMessage), depositing msg.value as collateral.
    function register(address committer, bytes[] calldata pubkeys, bytes[] calldata pops) external payable {
        Operator storage op = operators[msg.sender];
        if (op.committer != address(0)) revert AlreadyRegistered(msg.sender);
        if (msg.value < minCollateral) revert InsufficientCollateral(msg.value, minCollateral);
        if (committer == address(0) || ownerOfCommitter[committer] != address(0)) revert BadCommitter(committer);
        if (pubkeys.length == 0 || pubkeys.length != pops.length) revert BadPubkeys(pubkeys.length, pops.length);

        bytes memory message = popMessage(msg.sender, committer);
        for (uint256 i = 0; i < pubkeys.length; i++) {
            bytes32 h = keccak256(pubkeys[i]);
            if (ownerOfValidator[h] != address(0)) revert ValidatorTaken(h);
            if (!BLS.verify(pubkeys[i], message, pops[i])) revert BadProofOfPossession(i);
            ownerOfValidator[h] = msg.sender;
            keysOf[msg.sender].push(h);
            emit ValidatorRegistered(msg.sender, h, pubkeys[i]);
        }
        op.committer = committer;
        op.validators = uint32(pubkeys.length);
        op.collateral = msg.value;
        ownerOfCommitter[committer] = msg.sender;
        totalDeposited += msg.value;
        emit OperatorRegistered(msg.sender, committer, msg.value);
    }

    /// @notice Adds msg.value to a registered operator's collateral.
    function deposit(address owner) external payable {
        Operator storage op = operators[owner];
        if (op.committer == address(0)) revert NotRegistered(owner);
        if (op.unregisterRequestedAt != 0) revert Unregistering(owner);
        op.collateral += msg.value;
        totalDeposited += msg.value;
        emit CollateralDeposited(owner, msg.value);
    }

    /// @notice Starts the unregistration delay; the operator's free collateral drops to zero.
    function requestUnregistration() external {
        Operator storage op = operators[msg.sender];
        if (op.committer == address(0)) revert NotRegistered(msg.sender);
        if (op.unregisterRequestedAt != 0) revert Unregistering(msg.sender);
        op.unregisterRequestedAt = uint64(block.timestamp);
        emit UnregistrationRequested(msg.sender, block.timestamp + unregistrationDelay);
    }

    /// @notice Pays the whole collateral back and removes the operator, once the delay has
    /// passed and no challenge holds any of it.
    function withdraw() external {
        Operator storage op = operators[msg.sender];
        if (op.committer == address(0)) revert NotRegistered(msg.sender);
        if (op.unregisterRequestedAt == 0) revert NotUnregistering(msg.sender);
        uint256 releaseAt = uint256(op.unregisterRequestedAt) + unregistrationDelay;
        if (block.timestamp < releaseAt) revert TooEarly(block.timestamp, releaseAt);
        if (op.locked != 0) revert CollateralInUse(op.locked);

        uint256 amount = op.collateral;
        delete ownerOfCommitter[op.committer];
        bytes32[] storage keys = keysOf[msg.sender];
        for (uint256 i = 0; i < keys.length; i++) {
            delete ownerOfValidator[keys[i]];
        }
        delete keysOf[msg.sender];
        delete operators[msg.sender];
        totalWithdrawn += amount;
        emit CollateralWithdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    /// @notice Collateral not reserved by open challenges; zero once unregistration started.
    /// The sidecar caps the sum of its outstanding penalties by this figure.
    function freeCollateral(address owner) external view returns (uint256) {
        Operator storage op = operators[owner];
        if (op.unregisterRequestedAt != 0) return 0;
        return op.collateral - op.locked;
    }

    /// @notice The operator's committer, collateral, locked part and unregistration time.
    function operatorOfCommitter(address committer)
        external
        view
        returns (address owner, uint256 collateral, uint256 locked, uint64 unregisterRequestedAt)
    {
        owner = ownerOfCommitter[committer];
        Operator storage op = operators[owner];
        return (owner, op.collateral, op.locked, op.unregisterRequestedAt);
    }

    /// @notice Validator key hashes registered by an operator.
    function validatorsOf(address owner) external view returns (bytes32[] memory) {
        return keysOf[owner];
    }

    // --- slasher only ---

    modifier onlySlasher() {
        if (msg.sender != slasher) revert NotSlasher();
        _;
    }

    /// @notice Reserves up to amount of the operator's unreserved collateral; returns what it reserved.
    function lock(address owner, uint256 amount) external onlySlasher returns (uint256 got) {
        Operator storage op = operators[owner];
        uint256 free = op.collateral - op.locked;
        got = amount < free ? amount : free;
        op.locked += got;
        emit CollateralLocked(owner, got);
    }

    /// @notice Releases a reservation made by lock.
    function release(address owner, uint256 amount) external onlySlasher {
        operators[owner].locked -= amount;
        emit CollateralReleased(owner, amount);
    }

    /// @notice Takes a reserved amount from the operator and sends it to the slasher.
    function slash(address owner, uint256 amount) external onlySlasher {
        Operator storage op = operators[owner];
        op.locked -= amount;
        op.collateral -= amount;
        totalSlashed += amount;
        emit CollateralSlashed(owner, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }
}
